import {
  ANONYMOUS_OPERATION,
  MAX_OPERATION_NAMES,
  NO_OPERATION,
  OTHER_OPERATION,
  ServiceMetrics,
  UNMATCHED_ROUTE,
} from './metrics';

describe(ServiceMetrics.name, () => {
  it('labels known routes as themselves and every other path as one value', () => {
    const sut = new ServiceMetrics('test');
    expect(sut.routeLabel('/graphql')).toBe('/graphql');
    expect(sut.routeLabel('/graphql/')).toBe('/graphql');
    expect(sut.routeLabel('/health/ready')).toBe('/health/ready');
    for (const path of ['/', '/graphql/x', '/wp-admin.php', `/${'a'.repeat(500)}`, '/metrics/../graphql']) {
      expect(sut.routeLabel(path)).toBe(UNMATCHED_ROUTE);
    }
  });

  it('labels the first operation names as themselves, then collapses the rest', () => {
    const sut = new ServiceMetrics('test');
    expect(sut.operationLabel(undefined)).toBe(NO_OPERATION);
    expect(sut.operationLabel(null)).toBe(ANONYMOUS_OPERATION);
    expect(sut.operationLabel('not a name')).toBe(OTHER_OPERATION);
    for (let i = 0; i < MAX_OPERATION_NAMES; i++) expect(sut.operationLabel(`Op${i}`)).toBe(`Op${i}`);
    expect(sut.operationLabel('OneTooMany')).toBe(OTHER_OPERATION);
    expect(sut.operationLabel('Op7')).toBe('Op7');
  });

  it('exposes a bounded number of series however many operation names callers invent', async () => {
    const sut = new ServiceMetrics('test');
    for (let i = 0; i < MAX_OPERATION_NAMES * 3; i++) sut.observeGraphQL(`Invented${i}`, 'success', 0.01);
    const text = await sut.registry.metrics();
    const counts = text.split('\n').filter((l) => l.startsWith('graphql_operation_duration_seconds_count{'));
    expect(counts).toHaveLength(MAX_OPERATION_NAMES + 1);
    expect(text).toContain(`operation="${OTHER_OPERATION}",outcome="success"} ${MAX_OPERATION_NAMES * 2}`);
  });
});

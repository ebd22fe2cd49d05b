import fc from 'fast-check';
import { hashOf, parseHash, type Route } from './route';

const id = fc.uuid();
const route: fc.Arbitrary<Route> = fc.oneof(
  fc.constant<Route>({ view: 'incidents' }),
  id.map<Route>((incidentId) => ({ view: 'overview', incidentId })),
  fc
    .tuple(id, fc.string({ minLength: 1 }))
    .map<Route>(([incidentId, key]) => ({ view: 'figure', incidentId, key })),
  fc
    .tuple(
      id,
      fc.option(id, { nil: undefined }),
      fc.option(fc.constantFrom('RAISED', 'USED'), { nil: undefined }),
    )
    .map<Route>(([incidentId, fundId, stage]) => ({
      view: 'flows',
      incidentId,
      ...(fundId ? { fundId } : {}),
      ...(stage ? { stage } : {}),
    })),
  id.map<Route>((incidentId) => ({ view: 'anomalies', incidentId })),
  id.map<Route>((incidentId) => ({ view: 'findings', incidentId })),
  id.map<Route>((flowId) => ({ view: 'trace', flowId })),
  id.map<Route>((lotId) => ({ view: 'lot', lotId })),
  id.map<Route>((projectId) => ({ view: 'project', projectId })),
);

describe('the console’s URLs', () => {
  it('name every view, so a view reloads as it was', () => {
    fc.assert(
      fc.property(
        route,
        fc.option(fc.constant('2026-10-01T00:00:00+08:00'), { nil: undefined }),
        (r, asOf) => {
          expect(parseHash(hashOf(r, asOf))).toEqual(asOf ? { route: r, asOf } : { route: r });
        },
      ),
    );
  });

  it('open the list of disasters for a URL they do not know', () => {
    expect(parseHash('#/nowhere').route).toEqual({ view: 'incidents' });
    expect(parseHash('').route).toEqual({ view: 'incidents' });
    expect(parseHash('#/incident/x/unknown').route).toEqual({ view: 'overview', incidentId: 'x' });
  });
});

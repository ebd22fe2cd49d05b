import { entityRef } from './entity-ref';

describe(entityRef.name, () => {
  it('names the owner’s type and id, and answers null for a field without an id', () => {
    expect(entityRef('Organisation', 'o-1')).toEqual({ __typename: 'Organisation', id: 'o-1' });
    expect(entityRef('Organisation', null)).toBeNull();
    expect(entityRef('Organisation', undefined)).toBeNull();
  });
});

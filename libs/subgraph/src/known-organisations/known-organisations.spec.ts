import type { DataSource } from 'typeorm';
import type { SubgraphOptions } from '../options';
import { KnownOrganisations, type ActiveOrganisation } from './known-organisations';

describe('requiring an organisation of a type', () => {
  const sut = new KnownOrganisations({} as DataSource, { service: 'incidents' } as SubgraphOptions);
  const organisation = (type: string | null): ActiveOrganisation => ({
    id: '00000000-0000-4000-8000-0000000e0001',
    name: 'Hubei Water Conservancy Construction Co.',
    regionCode: '421121',
    type,
    status: 'ACTIVE',
  });

  it('passes an organisation of the type', () => {
    expect(sut.ofType(organisation('ENTERPRISE'), 'ENTERPRISE', 'contractorOrganisationId')).toEqual(
      organisation('ENTERPRISE'),
    );
  });

  it.each([['SCHOOL'], [null]])('refuses one of type %s with ORGANISATION_WRONG_TYPE', (type) => {
    expect(() => sut.ofType(organisation(type), 'ENTERPRISE', 'contractorOrganisationId')).toThrow(
      expect.objectContaining({
        extensions: {
          code: 'ORGANISATION_WRONG_TYPE',
          field: 'contractorOrganisationId',
          organisationId: organisation(type).id,
          required: 'ENTERPRISE',
          actual: type,
        },
      }),
    );
  });
});

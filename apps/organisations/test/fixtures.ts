import type { Identity } from '@emergency/auth';
import { identities, startTestSubgraph, type TestSubgraph } from '@emergency/testing';
import { AppModule, DEFAULT_PORT, SERVICE } from '../src/app.module';

/**
 * The organisations subgraph for one test file. The administrative tree of Huanggang, Xiaogan and Jingzhou is
 * loaded (every county, township and village of the three prefectures) unless `regionScope` says otherwise.
 */
export function startOrganisations(regionScope = '421100,420900,421000'): Promise<TestSubgraph> {
  return startTestSubgraph(AppModule, SERVICE, DEFAULT_PORT, { REGION_DATA_SCOPE: regionScope });
}

let sequence = 0;
/** A name no other fixture in this run has, so tests never depend on each other's data. */
export const unique = (name: string) => `${name} ${++sequence}-${Math.random().toString(36).slice(2, 7)}`;

export interface OrganisationRef {
  id: string;
  name: string;
  regionCode: string;
}

export async function registerOrganisation(
  sut: TestSubgraph,
  input: Partial<{ name: string; type: string; sector: string; regionCode: string; parentId: string }> = {},
  identity: Identity = identities.admin(),
): Promise<OrganisationRef> {
  const { registerOrganisation } = await sut.call<{ registerOrganisation: OrganisationRef }>(
    `mutation($input: RegisterOrganisationInput!) { registerOrganisation(input: $input) { id name regionCode } }`,
    {
      input: {
        name: unique('Tuanfeng County Emergency Management Bureau'),
        type: 'EMERGENCY_MANAGEMENT_OFFICE',
        regionCode: '421121',
        ...input,
      },
    },
    identity,
  );
  return registerOrganisation;
}

export interface PersonRef {
  id: string;
  name: string;
}

export async function registerPerson(
  sut: TestSubgraph,
  organisationId: string,
  input: Partial<{ name: string; post: string; phone: string; idNumber: string }> = {},
  identity: Identity = identities.admin(),
): Promise<PersonRef> {
  const { registerPerson } = await sut.call<{ registerPerson: PersonRef }>(
    `mutation($input: RegisterPersonInput!) { registerPerson(input: $input) { id name } }`,
    { input: { organisationId, name: unique('Wang Fang'), ...input } },
    identity,
  );
  return registerPerson;
}

/** A valid 18-character resident identity number for a person born in Tuanfeng on 1985-06-15. */
export function idNumber(sequenceNumber: number): string {
  const body = `42112119850615${String(sequenceNumber % 1000).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((acc, w, i) => acc + w * Number(body[i]), 0);
  return body + '10X98765432'[sum % 11];
}

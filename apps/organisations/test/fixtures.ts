import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import type { Identity } from '@emergency/auth';
import {
  eventually,
  identities,
  readTopic,
  startTestSubgraph,
  type TestSubgraph,
  type TopicReader,
} from '@emergency/testing';
import { chinaToday } from '@emergency/domain';
import { AppModule, DEFAULT_PORT, SERVICE } from '../src/app.module';
import { DISSOLVE_ORGANISATION, REGISTER_ORGANISATION } from './organisations.operations';
import { LEAVE, REGISTER_PERSON } from './people.operations';

/**
 * The organisations subgraph for one test file. The administrative tree of Huanggang, Xiaogan and Jingzhou is
 * loaded (every county, township and village of the three prefectures) unless `regionScope` says otherwise.
 */
export function startOrganisations(regionScope = '421100,420900,421000'): Promise<TestSubgraph> {
  return startTestSubgraph(AppModule, SERVICE, DEFAULT_PORT, { REGION_DATA_SCOPE: regionScope });
}

/**
 * A test file's subgraph (see `startOrganisations`), a reader of the topic it publishes to and what `prepare` adds
 * on it; when a step fails, what had started is stopped before the error goes on.
 */
export async function startWithEvents<T extends object = object>(
  regionScope?: string,
  prepare?: (sut: TestSubgraph) => Promise<T>,
): Promise<{ sut: TestSubgraph; events: TopicReader } & T> {
  const sut = await startOrganisations(regionScope);
  let events: TopicReader | undefined;
  try {
    events = await readTopic(sut.topic);
    return { sut, events, ...(prepare ? await prepare(sut) : ({} as T)) };
  } catch (error) {
    await stopAll(events, sut);
    throw error;
  }
}

/** For `startWithEvents`: Tuanfeng county's office (421121), whose data most test files register. */
export const withTuanfeng = async (sut: TestSubgraph) => ({
  tuanfeng: await registerOrganisation(sut, { regionCode: '421121' }),
});

/** For a test file's `afterAll`: stops, in this order, what its `beforeAll` started, passing over what did not. */
export async function stopAll(...started: ({ stop(): Promise<unknown> } | undefined)[]): Promise<void> {
  for (const running of started) await running?.stop();
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
    REGISTER_ORGANISATION,
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
    REGISTER_PERSON,
    { input: { organisationId, name: unique('Wang Fang'), ...input } },
    identity,
  );
  return registerPerson;
}

/** `n` people of the organisation, registered at once. */
export function registerPeople(sut: TestSubgraph, organisationId: string, n: number): Promise<PersonRef[]> {
  return Promise.all(Array.from({ length: n }, () => registerPerson(sut, organisationId)));
}

/** Records the person as having left their organisation; the answer as it came, errors included. */
export function leaveOrganisation(
  sut: TestSubgraph,
  personId: string,
  identity: Identity = identities.admin(),
) {
  return sut.request<{ updatePerson: { id: string; status: string } }>(LEAVE, { id: personId }, identity);
}

/** Dissolves the organisation; the answer as it came, errors included. */
export function dissolveOrganisation(
  sut: TestSubgraph,
  id: string,
  reason = '机构改革',
  identity: Identity = identities.admin(),
) {
  return sut.request<{ dissolveOrganisation: { id: string; status: string } }>(
    DISSOLVE_ORGANISATION,
    { input: { id, reason } },
    identity,
  );
}

/**
 * What a test file's subgraph published, read through `get` once its `beforeAll` has run: `of` the events of
 * `type` keyed by `key` so far, `published` waits for exactly `count` of them, and `written` counts those ever
 * written to the outbox (what was not written is never published).
 */
export function eventsOn(get: () => { sut: TestSubgraph; events: TopicReader }) {
  const of = (key: string, type: string) =>
    get().events.messages.filter((m) => m.key === key && m.headers.ce_type === type);
  return {
    of,
    published: (key: string, type: string, count = 1) =>
      eventually(async () => {
        const found = of(key, type);
        expect(found).toHaveLength(count);
        return found;
      }),
    written: (key: string, type: string) =>
      get().sut.count(`outbox WHERE message_key = '${key}' AND event_type = '${type}'`),
  };
}

/** Runs `fn` and returns every SQL statement the service sent meanwhile. */
export async function statementsDuring(fn: () => Promise<unknown>): Promise<string[]> {
  const spy = jest.spyOn(PostgresQueryRunner.prototype, 'query');
  try {
    await fn();
    return spy.mock.calls.map(([sql]) => sql);
  } finally {
    spy.mockRestore();
  }
}

/**
 * Whether a statement reads `table`; TypeORM qualifies tables with the service schema:
 * FROM "organisations"."person" "p".
 */
export function reading(table: string) {
  return (sql: string) => new RegExp(`FROM\\s+("\\w+"\\.)?"?${table}"?\\s`, 'i').test(sql);
}

/** The calendar day `days` after today in China (before it when negative), YYYY-MM-DD. */
export const daysFromToday = (days: number) =>
  new Date(Date.parse(`${chinaToday()}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** A valid 18-character resident identity number for a person born in Tuanfeng on 1985-06-15. */
export function idNumber(sequenceNumber: number): string {
  const body = `42112119850615${String(sequenceNumber % 1000).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((acc, w, i) => acc + w * Number(body[i]), 0);
  return body + '10X98765432'[sum % 11];
}

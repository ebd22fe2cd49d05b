import type { Identity } from '@emergency/auth';
import { TrainingRecorded, TrainingRecordVoided } from '@emergency/contracts';
import { eventually, identities, type TestSubgraph, type TopicReader } from '@emergency/testing';
import { chinaToday } from '@emergency/domain';
import {
  daysFromToday,
  eventsOn,
  reading,
  registerOrganisation,
  registerPerson,
  startWithEvents,
  statementsDuring,
  stopAll,
  unique,
  withTuanfeng,
  type OrganisationRef,
  type PersonRef,
} from './fixtures';
import { UPDATE_PERSON } from './people.operations';
import { listTrainingRecords, recordTraining, trainingInput } from './training.fixtures';
import {
  ENTITIES,
  LIST,
  RECORD,
  SUMMARY,
  TRAINING_OF_PERSON,
  VOID,
  type Connection,
  type TrainingRecord,
} from './training.operations';

/** Training records and their yearly summary, against the real PostgreSQL and broker. */
describe('training records', () => {
  let sut: TestSubgraph;
  let events: TopicReader;
  let tuanfeng: OrganisationRef;

  beforeAll(async () => ({ sut, events, tuanfeng } = await startWithEvents('421100', withTuanfeng)), 120_000);
  afterAll(() => stopAll(events, sut));

  const { of: eventsOf } = eventsOn(() => ({ sut, events }));

  const input = (personId: string, changes?: Record<string, unknown>) => trainingInput(personId, changes);
  const record = (personId: string, changes?: Record<string, unknown>, identity?: Identity) =>
    recordTraining(sut, personId, changes, identity);
  const list = (filter: Record<string, unknown>, identity?: Identity, first?: number) =>
    listTrainingRecords(sut, filter, identity, first);

  describe('recording', () => {
    it('records a person’s training under their organisation and publishes TrainingRecorded without the certificate number', async () => {
      const person = await registerPerson(sut, tuanfeng.id);
      const certificateNumber = `HG-FX-${unique('').replace(/\W/g, '')}`;
      const created = await record(
        person.id,
        { courseTitle: '  防汛抢险技能培训（第一期）  ', certificateNumber },
        identities.operator('421121'),
      );
      expect(created).toMatchObject({
        person: { id: person.id },
        organisation: { id: tuanfeng.id },
        courseTitle: '防汛抢险技能培训（第一期）',
        category: 'FLOOD_CONTROL',
        provider: '黄冈市应急管理干部培训中心',
        startedOn: '2025-05-12',
        completedOn: '2025-05-16',
        hours: 40,
        result: 'PASSED',
        certificateNumber,
        voided: false,
        voidedAt: null,
        voidReason: null,
      });
      const [event] = await eventually(async () => {
        const found = eventsOf(created.id, TrainingRecorded.type);
        expect(found).toHaveLength(1);
        return found;
      });
      expect(event.value).toEqual({
        trainingRecordId: created.id,
        personId: person.id,
        organisationId: tuanfeng.id,
        regionCode: '421121',
        courseTitle: '防汛抢险技能培训（第一期）',
        category: 'FLOOD_CONTROL',
        provider: '黄冈市应急管理干部培训中心',
        startedOn: '2025-05-12',
        completedOn: '2025-05-16',
        hours: 40,
        result: 'PASSED',
        certified: true,
      });
      expect(JSON.stringify(event)).not.toContain(certificateNumber);
    });

    it('accepts a one-day course completed today, 1 hour and 2000 hours', async () => {
      const person = await registerPerson(sut, tuanfeng.id);
      const today = chinaToday();
      const short = await record(person.id, {
        startedOn: today,
        completedOn: today,
        hours: 1,
        result: 'ATTENDED',
      });
      expect(short).toMatchObject({
        startedOn: today,
        completedOn: today,
        hours: 1,
        certificateNumber: null,
      });
      expect((await record(person.id, { hours: 2000, startedOn: '2024-01-02' })).hours).toBe(2000);
    });

    it('keeps the organisation the person was trained in when they move to another', async () => {
      const person = await registerPerson(sut, tuanfeng.id);
      const trained = await record(person.id);
      const luotian = await registerOrganisation(sut, { regionCode: '421123' });
      await sut.call(UPDATE_PERSON, { input: { id: person.id, organisationId: luotian.id } });

      const [after] = await list({ personId: person.id });
      expect(after).toMatchObject({ id: trained.id, organisation: { id: tuanfeng.id } });
      // Tuanfeng still sees the record of its former member, with who it was; Luotian does not see it.
      const [seenByTuanfeng] = await list({ personId: person.id }, identities.operator('421121'));
      expect(seenByTuanfeng).toMatchObject({
        id: trained.id,
        person: { id: person.id },
        organisation: { id: tuanfeng.id },
      });
      expect(await list({ personId: person.id }, identities.operator('421123'))).toEqual([]);
      // Training recorded after the move belongs to the new organisation.
      expect((await record(person.id)).organisation.id).toBe(luotian.id);
    });

    it.each([
      [
        'a completion in the future',
        () => ({ completedOn: daysFromToday(1) }),
        'DATE_IN_FUTURE',
        'completedOn',
      ],
      [
        'a completion before the start',
        () => ({ startedOn: '2025-05-16', completedOn: '2025-05-12' }),
        'COMPLETED_BEFORE_STARTED',
        'completedOn',
      ],
      ['an impossible start day', () => ({ startedOn: '2025-02-29' }), 'INVALID_DATE', 'startedOn'],
      [
        'a completion not written YYYY-MM-DD',
        () => ({ completedOn: '16/05/2025' }),
        'INVALID_DATE',
        'completedOn',
      ],
      ['no hours', () => ({ hours: 0 }), 'HOURS_OUT_OF_RANGE', 'hours'],
      ['more than 2000 hours', () => ({ hours: 2001 }), 'HOURS_OUT_OF_RANGE', 'hours'],
      ['a blank course title', () => ({ courseTitle: '   ' }), 'BAD_USER_INPUT', 'courseTitle'],
      ['a blank provider', () => ({ provider: '' }), 'BAD_USER_INPUT', 'provider'],
      [
        'a person who does not exist',
        () => ({ personId: '00000000-0000-4000-8000-000000000000' }),
        'NOT_FOUND',
        'personId',
      ],
      ['a person id that is no UUID', () => ({ personId: 'wang-fang' }), 'BAD_USER_INPUT', 'personId'],
    ])('refuses %s, writing nothing', async (_label, change, code, field) => {
      const person = await registerPerson(sut, tuanfeng.id);
      const before = await sut.count('training_record');
      const outbox = await sut.count('outbox');
      const error = await sut.failure(RECORD, { input: input(person.id, change()) });
      expect(error).toMatchObject({ code, field });
      expect(await sut.count('training_record')).toBe(before);
      expect(await sut.count('outbox')).toBe(outbox);
    });

    it('refuses an unknown category at the schema, writing nothing', async () => {
      const person = await registerPerson(sut, tuanfeng.id);
      const before = await sut.count('training_record');
      const error = await sut.failure(RECORD, { input: input(person.id, { category: 'SWIMMING' }) });
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(await sut.count('training_record')).toBe(before);
    });

    it('refuses training for a person who has left, writing nothing', async () => {
      const person = await registerPerson(sut, tuanfeng.id);
      await sut.call(UPDATE_PERSON, { input: { id: person.id, status: 'LEFT' } });
      const before = await sut.count('training_record');
      expect(await sut.failure(RECORD, { input: input(person.id) })).toMatchObject({
        code: 'PERSON_LEFT',
        field: 'personId',
      });
      expect(await sut.count('training_record')).toBe(before);
    });

    it('refuses an operator recording for a person of another county, and auditors altogether', async () => {
      const luotian = await registerOrganisation(sut, { regionCode: '421123' });
      const outsider = await registerPerson(sut, luotian.id);
      const insider = await registerPerson(sut, tuanfeng.id);
      const before = await sut.count('training_record');
      expect(
        await sut.failure(RECORD, { input: input(outsider.id) }, identities.operator('421121')),
      ).toMatchObject({ code: 'NOT_FOUND', field: 'personId' });
      expect(await sut.failure(RECORD, { input: input(insider.id) }, identities.auditor())).toMatchObject({
        code: 'FORBIDDEN',
      });
      expect(await sut.count('training_record')).toBe(before);
    });
  });

  describe('certificate numbers', () => {
    const certificate = () => `YJ${Math.random().toString().slice(2, 12)}`;

    it('refuses a provider’s certificate number twice, and takes it from another provider', async () => {
      const person = await registerPerson(sut, tuanfeng.id);
      const number = certificate();
      await record(person.id, { certificateNumber: number });
      const before = await sut.count('training_record');
      expect(
        await sut.failure(RECORD, { input: input(person.id, { certificateNumber: ` ${number} ` }) }),
      ).toMatchObject({ code: 'DUPLICATE_CERTIFICATE', field: 'certificateNumber' });
      expect(await sut.count('training_record')).toBe(before);

      const other = await record(person.id, {
        certificateNumber: number,
        provider: '湖北省消防救援总队培训基地',
      });
      expect(other.certificateNumber).toBe(number);
    });

    it('refuses the same certificate number arriving several times at once, keeping exactly one', async () => {
      const people = await Promise.all([1, 2, 3, 4].map(() => registerPerson(sut, tuanfeng.id)));
      const number = certificate();
      const results = await Promise.all(
        people.map((p) => sut.request(RECORD, { input: input(p.id, { certificateNumber: number }) })),
      );
      expect(results.filter((r) => !r.errors)).toHaveLength(1);
      for (const refused of results.filter((r) => r.errors)) {
        expect(refused.errors![0].extensions).toMatchObject({
          code: 'DUPLICATE_CERTIFICATE',
          field: 'certificateNumber',
        });
      }
      const { rows } = await sut.db.query(
        `SELECT count(*)::int AS n FROM training_record WHERE certificate_number = $1`,
        [number],
      );
      expect(rows[0]).toEqual({ n: 1 });
    });

    it('maps a race lost at the database’s unique index to DUPLICATE_CERTIFICATE', async () => {
      const person = await registerPerson(sut, tuanfeng.id);
      const number = certificate();
      // Another writer holds the number in a transaction not yet committed: the service's check cannot see it,
      // so its insert waits on the unique index and fails once that transaction commits.
      await sut.db.query('BEGIN');
      await sut.db.query(
        `INSERT INTO training_record (id, person_id, organisation_id, region_code, course_title, category, provider,
           started_on, completed_on, hours, result, certificate_number)
         VALUES (gen_random_uuid(), $1, $2, '421121', 'Concurrent', 'OTHER', $3, '2025-01-02', '2025-01-02', 8,
           'PASSED', $4)`,
        [person.id, tuanfeng.id, '黄冈市应急管理干部培训中心', number],
      );
      const racing = sut.request(RECORD, { input: input(person.id, { certificateNumber: number }) });
      await new Promise((resolve) => setTimeout(resolve, 300));
      await sut.db.query('COMMIT');
      const { errors } = await racing;
      expect(errors?.[0]?.extensions).toMatchObject({
        code: 'DUPLICATE_CERTIFICATE',
        field: 'certificateNumber',
      });
      const { rows } = await sut.db.query(
        `SELECT count(*)::int AS n FROM training_record WHERE certificate_number = $1`,
        [number],
      );
      expect(rows[0]).toEqual({ n: 1 });
    });

    it('frees a voided record’s certificate number for the corrected record', async () => {
      const wrongPerson = await registerPerson(sut, tuanfeng.id);
      const rightPerson = await registerPerson(sut, tuanfeng.id);
      const number = certificate();
      const wrong = await record(wrongPerson.id, { certificateNumber: number });
      await sut.call(VOID, { id: wrong.id, reason: '录入人员错误' });
      const right = await record(rightPerson.id, { certificateNumber: number });
      expect(right).toMatchObject({ person: { id: rightPerson.id }, certificateNumber: number });
    });
  });

  describe('voiding', () => {
    it('voids a wrong record with its reason, hides it by default, and publishes TrainingRecordVoided', async () => {
      const person = await registerPerson(sut, tuanfeng.id);
      const kept = await record(person.id, { completedOn: '2025-05-15' });
      const wrong = await record(person.id);
      const { voidTrainingRecord: voided } = await sut.call<{ voidTrainingRecord: TrainingRecord }>(
        VOID,
        { id: wrong.id, reason: '  课程重复录入  ' },
        identities.operator('421121'),
      );
      expect(voided).toMatchObject({ id: wrong.id, voided: true, voidReason: '课程重复录入' });
      expect(voided.voidedAt).toBeTruthy();

      expect((await list({ personId: person.id })).map((r) => r.id)).toEqual([kept.id]);
      expect((await list({ personId: person.id, includeVoided: true })).map((r) => r.id)).toEqual([
        wrong.id,
        kept.id,
      ]);
      const [event] = await eventually(async () => {
        const found = eventsOf(wrong.id, TrainingRecordVoided.type);
        expect(found).toHaveLength(1);
        return found;
      });
      expect(event.value).toEqual({
        trainingRecordId: wrong.id,
        personId: person.id,
        organisationId: tuanfeng.id,
        reason: '课程重复录入',
        voidedAt: voided.voidedAt,
      });
      const { rows } = await sut.db.query(`SELECT count(*)::int AS n FROM training_record WHERE id = $1`, [
        wrong.id,
      ]);
      expect(rows[0]).toEqual({ n: 1 });
    });

    it('refuses voiding twice, without a reason, outside the jurisdiction or as an auditor, changing nothing', async () => {
      const person = await registerPerson(sut, tuanfeng.id);
      const twice = await record(person.id);
      await sut.call(VOID, { id: twice.id, reason: 'Entered for the wrong person' });
      const untouched = await record(person.id);
      const outbox = await sut.count('outbox');

      expect(await sut.failure(VOID, { id: twice.id, reason: 'Again' })).toMatchObject({
        code: 'TRAINING_RECORD_VOIDED',
        field: 'id',
      });
      expect(await sut.failure(VOID, { id: untouched.id, reason: ' ' })).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'reason',
      });
      expect(
        await sut.failure(VOID, { id: untouched.id, reason: 'Not ours' }, identities.operator('421123')),
      ).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
      expect(
        await sut.failure(VOID, { id: untouched.id, reason: 'Read only' }, identities.auditor()),
      ).toMatchObject({ code: 'FORBIDDEN' });
      expect(await sut.failure(VOID, { id: 'abc', reason: 'Bad id' })).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'id',
      });

      const { rows } = await sut.db.query(`SELECT voided_at FROM training_record WHERE id = $1`, [
        untouched.id,
      ]);
      expect(rows[0]).toEqual({ voided_at: null });
      expect(await sut.count('outbox')).toBe(outbox);
    });
  });

  describe('listing', () => {
    it('pages newest completion first, then by id, without gaps or repeats', async () => {
      const office = await registerOrganisation(sut, { regionCode: '421121' });
      const people = await Promise.all([1, 2].map(() => registerPerson(sut, office.id)));
      const days = ['2025-03-01', '2025-07-20', '2025-03-01', '2024-11-30', '2025-07-20', '2025-03-01'];
      const created: TrainingRecord[] = [];
      for (const [i, day] of days.entries()) {
        created.push(await record(people[i % 2]!.id, { startedOn: '2024-11-01', completedOn: day }));
      }
      const seen: TrainingRecord[] = [];
      let after: string | null = null;
      do {
        const page: { trainingRecords: Connection<TrainingRecord> } = await sut.call(LIST, {
          filter: { organisationId: office.id },
          first: 4,
          after,
        });
        seen.push(...page.trainingRecords.edges.map((e) => e.node));
        after = page.trainingRecords.pageInfo.hasNextPage ? page.trainingRecords.pageInfo.endCursor : null;
      } while (after);
      const expected = [...created].sort((a, b) =>
        a.completedOn === b.completedOn ? (a.id < b.id ? 1 : -1) : a.completedOn < b.completedOn ? 1 : -1,
      );
      expect(seen.map((r) => r.id)).toEqual(expected.map((r) => r.id));
    });

    it('filters by category, result, completion days and region', async () => {
      const office = await registerOrganisation(sut, { regionCode: '421121100' });
      const person = await registerPerson(sut, office.id);
      const firstAid = await record(person.id, {
        category: 'FIRST_AID',
        result: 'FAILED',
        completedOn: '2025-05-12',
      });
      const flood = await record(person.id, { completedOn: '2025-06-01', startedOn: '2025-06-01' });
      const forest = await record(person.id, { category: 'FOREST_FIRE', completedOn: '2025-08-31' });
      const ids = async (filter: Record<string, unknown>) =>
        (await list({ organisationId: office.id, ...filter })).map((r) => r.id);

      expect(await ids({ category: 'FIRST_AID' })).toEqual([firstAid.id]);
      expect(await ids({ result: 'PASSED' })).toEqual([forest.id, flood.id]);
      expect(await ids({ completedFrom: '2025-05-13', completedTo: '2025-08-31' })).toEqual([
        forest.id,
        flood.id,
      ]);
      expect(await ids({ completedTo: '2025-06-01' })).toEqual([flood.id, firstAid.id]);
      expect(await ids({ regionCode: '421121100' })).toHaveLength(3);
      expect(await ids({ regionCode: '421123' })).toEqual([]);
    });

    it.each([
      ['a malformed completion day', { completedFrom: '2025-13-01' }, 'INVALID_DATE', 'filter.completedFrom'],
      [
        'a range that ends before it starts',
        { completedFrom: '2025-06-02', completedTo: '2025-06-01' },
        'BAD_USER_INPUT',
        'filter.completedFrom',
      ],
      ['a malformed region', { regionCode: '4211' }, 'INVALID_REGION_CODE', 'filter.regionCode'],
      ['a person id that is no UUID', { personId: 'x' }, 'BAD_USER_INPUT', 'filter.personId'],
    ])('answers %s with its error', async (_label, filter, code, field) => {
      expect(await sut.failure(LIST, { filter })).toMatchObject({ code, field });
    });

    it('answers a cursor of another connection with BAD_USER_INPUT', async () => {
      const cursor = Buffer.from(
        JSON.stringify(['not-a-day', '00000000-0000-4000-8000-000000000000']),
      ).toString('base64url');
      expect(await sut.failure(LIST, { after: cursor })).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'after',
      });
    });

    it('shows an operator only the records of organisations in its jurisdiction, and auditors everything', async () => {
      const luotian = await registerOrganisation(sut, { regionCode: '421123' });
      const inside = await record((await registerPerson(sut, tuanfeng.id)).id);
      const outside = await record((await registerPerson(sut, luotian.id)).id);
      const operatorSees = (await list({ regionCode: '421100' }, identities.operator('421121'))).map(
        (r) => r.id,
      );
      expect(operatorSees).toContain(inside.id);
      expect(operatorSees).not.toContain(outside.id);
      expect(await list({ organisationId: luotian.id }, identities.operator('421121'))).toEqual([]);
      const auditorSees = (await list({ organisationId: luotian.id }, identities.auditor())).map((r) => r.id);
      expect(auditorSees).toContain(outside.id);
    });

    it('lists a person’s own records on Person.trainingRecords, not voided, newest first', async () => {
      const person = await registerPerson(sut, tuanfeng.id);
      const older = await record(person.id, { completedOn: '2024-06-01', startedOn: '2024-06-01' });
      const newer = await record(person.id, { completedOn: '2025-06-01', startedOn: '2025-06-01' });
      const voided = await record(person.id);
      await sut.call(VOID, { id: voided.id, reason: 'Duplicate' });
      await record((await registerPerson(sut, tuanfeng.id)).id);
      const { person: found } = await sut.call<{ person: { trainingRecords: Connection<{ id: string }> } }>(
        TRAINING_OF_PERSON,
        { id: person.id },
      );
      expect(found.trainingRecords.edges.map((e) => e.node.id)).toEqual([newer.id, older.id]);
    });

    it('resolves training record references in one statement, hiding those outside the jurisdiction', async () => {
      const luotian = await registerOrganisation(sut, { regionCode: '421123' });
      const person = await registerPerson(sut, tuanfeng.id);
      const records = await Promise.all([1, 2, 3, 4, 5].map(() => record(person.id)));
      const outside = await record((await registerPerson(sut, luotian.id)).id);
      const representations = [...records, outside].map((r) => ({ __typename: 'TrainingRecord', id: r.id }));
      let result!: { _entities: ({ id: string } | null)[] };
      const statements = await statementsDuring(async () => {
        result = await sut.call(ENTITIES, { representations }, identities.operator('421121'));
      });
      expect(statements.filter(reading('training_record'))).toHaveLength(1);
      expect(result._entities.map((e) => e?.id ?? null)).toEqual([...records.map((r) => r.id), null]);
    });
  });

  describe('summary', () => {
    it('totals an organisation’s records of a year: distinct people, records, hours, by category', async () => {
      const office = await registerOrganisation(sut, { regionCode: '421121' });
      const [a, b, c]: PersonRef[] = await Promise.all([1, 2, 3].map(() => registerPerson(sut, office.id)));
      const in2024 = (person: PersonRef, category: string, hours: number, result = 'PASSED') =>
        record(person.id, { category, hours, result, startedOn: '2024-03-01', completedOn: '2024-03-05' });
      await in2024(a!, 'EMERGENCY_MANAGEMENT', 24);
      await in2024(a!, 'EMERGENCY_MANAGEMENT', 16, 'FAILED');
      await in2024(b!, 'EMERGENCY_MANAGEMENT', 8, 'ATTENDED');
      await in2024(b!, 'FIRST_AID', 12);
      // Not counted: voided, completed in another year (even if started in this one), another organisation.
      const voided = await in2024(c!, 'FIRST_AID', 100);
      await sut.call(VOID, { id: voided.id, reason: 'Wrong person' });
      await record(c!.id, { startedOn: '2024-12-30', completedOn: '2025-01-02', hours: 32 });
      await record((await registerPerson(sut, tuanfeng.id)).id, {
        startedOn: '2024-06-01',
        completedOn: '2024-06-01',
      });
      await record(a!.id, {
        category: 'RESCUE_SKILLS',
        startedOn: '2024-12-31',
        completedOn: '2024-12-31',
        hours: 6,
      });

      const { trainingSummary } = await sut.call<{ trainingSummary: unknown }>(
        SUMMARY,
        { organisationId: office.id, year: 2024 },
        identities.auditor(),
      );
      expect(trainingSummary).toEqual({
        organisation: { id: office.id },
        year: 2024,
        peopleTrained: 2,
        records: 5,
        totalHours: 66,
        byCategory: [
          { category: 'EMERGENCY_MANAGEMENT', peopleTrained: 2, records: 3, hours: 48 },
          { category: 'RESCUE_SKILLS', peopleTrained: 1, records: 1, hours: 6 },
          { category: 'FIRST_AID', peopleTrained: 1, records: 1, hours: 12 },
        ],
      });
      const { trainingSummary: empty } = await sut.call<{ trainingSummary: unknown }>(SUMMARY, {
        organisationId: office.id,
        year: 2023,
      });
      expect(empty).toMatchObject({ peopleTrained: 0, records: 0, totalHours: 0, byCategory: [] });
    });

    it('refuses an organisation outside the jurisdiction and a year no training can have', async () => {
      const luotian = await registerOrganisation(sut, { regionCode: '421123' });
      expect(
        await sut.failure(SUMMARY, { organisationId: luotian.id, year: 2025 }, identities.operator('421121')),
      ).toMatchObject({ code: 'NOT_FOUND', field: 'organisationId' });
      expect(await sut.failure(SUMMARY, { organisationId: luotian.id, year: 25 })).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'year',
      });
    });
  });
});

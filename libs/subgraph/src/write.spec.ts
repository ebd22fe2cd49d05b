import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Identity } from '@emergency/auth';
import { ensureDatabase } from '@emergency/local-stack';
import { DomainError, loadById, loaderKey, loadGroup, type RequestContext } from '@emergency/graphql';
import { write } from './write';

interface Thing {
  id: string;
  owner: string;
  name: string;
}

const THINGS = loaderKey<Thing>('Thing');
const THINGS_OF_OWNER = loaderKey<Thing[]>('ThingsOfOwner');
/** A second loader of the same rows, which no write below forgets: what a read sees without forgetting. */
const UNFORGOTTEN = loaderKey<Thing>('UnforgottenThing');

const request = (): RequestContext => ({
  identity: { subject: 'u', roles: ['admin'] } satisfies Identity,
  correlationId: 'c',
  loaders: new Map(),
});

const nameTaken = () => new DomainError('NAME_TAKEN', 'another thing has this name', { field: 'name' });

describe(write.name, () => {
  let dataSource: DataSource;
  const findByIds = (ids: readonly string[]) =>
    dataSource.query(`SELECT id, owner, name FROM thing WHERE id = ANY($1::uuid[])`, [[...ids]]) as Promise<
      Thing[]
    >;
  const findByOwners = (owners: readonly string[]) =>
    dataSource.query(`SELECT id, owner, name FROM thing WHERE owner = ANY($1) ORDER BY name`, [
      [...owners],
    ]) as Promise<Thing[]>;
  const rename = (id: string, name: string) => (m: DataSource['manager']) =>
    m.query(`UPDATE thing SET name = $2 WHERE id = $1 RETURNING id`, [id, name]);

  beforeAll(async () => {
    const url = await ensureDatabase(
      process.env.TEST_DATABASE_URL!,
      `write_${randomBytes(5).toString('hex')}`,
    );
    dataSource = await new DataSource({ type: 'postgres', url }).initialize();
    await dataSource.query(
      `CREATE TABLE thing (id uuid PRIMARY KEY, owner text NOT NULL, name text NOT NULL,
         CONSTRAINT thing_name_key UNIQUE (name))`,
    );
  });

  afterAll(() => dataSource.destroy());

  it('turns a violation of a named constraint into its domain error and writes nothing', async () => {
    const taken = randomUUID();
    await dataSource.query(`INSERT INTO thing VALUES ($1, 'a', 'taken')`, [taken]);
    const first = randomUUID();
    const attempt = write(
      request(),
      dataSource,
      async (m) => {
        await m.query(`INSERT INTO thing VALUES ($1, 'a', 'fresh')`, [first]);
        await m.query(`INSERT INTO thing VALUES ($1, 'a', 'taken')`, [randomUUID()]);
      },
      { constraints: { thing_name_key: nameTaken } },
    );
    await expect(attempt).rejects.toMatchObject({
      message: 'another thing has this name',
      extensions: { code: 'NAME_TAKEN', field: 'name' },
    });
    expect(await findByIds([first])).toEqual([]);
  });

  it('lets a violation of a constraint it was not given through unchanged', async () => {
    await dataSource.query(`INSERT INTO thing VALUES ($1, 'b', 'twice')`, [randomUUID()]);
    const attempt = write(request(), dataSource, (m) =>
      m.query(`INSERT INTO thing VALUES ($1, 'b', 'twice')`, [randomUUID()]),
    );
    await expect(attempt).rejects.toMatchObject({ constraint: 'thing_name_key' });
  });

  it('forgets the loader entries a write names, so a read in the same request sees the new value', async () => {
    const id = randomUUID();
    const other = randomUUID();
    await dataSource.query(`INSERT INTO thing VALUES ($1, 'c', 'before'), ($2, 'c', 'other')`, [id, other]);
    const ctx = request();
    const names = async () => ({
      byId: (await loadById(ctx, THINGS, findByIds, id))?.name,
      unforgotten: (await loadById(ctx, UNFORGOTTEN, findByIds, id))?.name,
      ofOwner: (await loadGroup(ctx, THINGS_OF_OWNER, findByOwners, (t) => t.owner, 'c')).map((t) => t.name),
    });
    expect(await names()).toEqual({ byId: 'before', unforgotten: 'before', ofOwner: ['before', 'other'] });

    await write(ctx, dataSource, rename(id, 'renamed'), {
      forgets: [{ key: THINGS, ids: [id] }, THINGS_OF_OWNER],
    });

    expect(await names()).toEqual({ byId: 'renamed', unforgotten: 'before', ofOwner: ['other', 'renamed'] });
  });

  it('forgets the ids the work reports it touched', async () => {
    const id = randomUUID();
    await dataSource.query(`INSERT INTO thing VALUES ($1, 'd', 'first')`, [id]);
    const ctx = request();
    expect((await loadById(ctx, THINGS, findByIds, id))?.name).toBe('first');
    await write(
      ctx,
      dataSource,
      async (m) => {
        await rename(id, 'second')(m);
        return { touched: id };
      },
      { forgets: ({ touched }) => [{ key: THINGS, ids: [touched] }] },
    );
    expect((await loadById(ctx, THINGS, findByIds, id))?.name).toBe('second');
  });

  it('forgets nothing when the write is refused', async () => {
    const id = randomUUID();
    await dataSource.query(`INSERT INTO thing VALUES ($1, 'e', 'kept')`, [id]);
    const ctx = request();
    await loadById(ctx, THINGS, findByIds, id);
    const refused = write(
      ctx,
      dataSource,
      async (m) => {
        await rename(id, 'never')(m);
        throw new DomainError('REFUSED', 'refused');
      },
      { forgets: [THINGS] },
    );
    await expect(refused).rejects.toMatchObject({ message: 'refused' });
    expect(ctx.loaders.has(THINGS.name)).toBe(true);
    expect((await findByIds([id]))[0]?.name).toBe('kept');
  });
});

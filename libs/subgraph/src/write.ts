import type { DataSource, EntityManager } from 'typeorm';
import { transaction } from '@emergency/database';
import { forget, type Forget, type RequestContext } from '@emergency/graphql';

/** What {@link write} maps and forgets. */
export interface WriteOptions<T> {
  /**
   * Domain errors by constraint name: a violation of one of these (a unique index behind a check the service
   * made first, and lost a race on) is thrown as the error its function makes.
   */
  constraints?: Readonly<Record<string, () => Error>>;
  /**
   * What the request's loaders drop once the write has committed: the keys (and ids) it changed, or a function
   * of the work's result that names them (the ids the work touched).
   */
  forgets?: readonly Forget[] | ((result: T) => readonly Forget[]);
}

/**
 * The one way a service writes: runs `work` in one transaction; a violation of a constraint named in
 * `constraints` is rethrown as its domain error (any other error passes unchanged, and nothing is written); after
 * the commit, the request's loader entries named in `forgets` are dropped, so the mutation's returned fields and
 * any later read in the request see the new state. Event projectors, which run inside the consumer's
 * transaction, write with the manager they are given instead.
 */
export async function write<T>(
  ctx: RequestContext,
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
  options: WriteOptions<T> = {},
): Promise<T> {
  const result = await transaction(dataSource, work, options.constraints);
  const { forgets = [] } = options;
  forget(ctx, ...(typeof forgets === 'function' ? forgets(result) : forgets));
  return result;
}

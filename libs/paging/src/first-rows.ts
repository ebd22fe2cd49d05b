import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * Narrows `qb` to the first `limit` rows of each parent, in one statement: the first page of a list field for
 * every parent of a request at once (an allocation's procurements for each allocation of a fund).
 *
 * `qb` is the query of one parent's page with the parent condition widened to all of them
 * (`a.fund_id = ANY(:ids::uuid[])`) and the page's keyset order set, but no cursor condition; `parent` is the
 * column that says whose a row is. The rows kept are those `ROW_NUMBER() OVER (PARTITION BY parent ORDER BY
 * <qb's order>)` numbers 1 to `limit`, so each parent gets exactly the rows its own query with `LIMIT limit`
 * would return. `key` is a unique column of the rows (the id unless given). Any LIMIT on `qb` is dropped; the
 * result keeps `qb`'s order.
 */
export function firstRowsOfEach<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  parent: string,
  limit: number,
  key = `${qb.alias}.id`,
): SelectQueryBuilder<T> {
  const order = Object.entries(qb.expressionMap.orderBys)
    .map(([by, how]) =>
      typeof how === 'string' ? `${by} ${how}` : `${by} ${how.order}${how.nulls ? ` ${how.nulls}` : ''}`,
    )
    .join(', ');
  // Without an order the numbering, and so which rows a parent gets, would be whatever the plan makes it.
  if (!order) throw new Error('firstRowsOfEach needs the query to be ordered as the page is');
  const ranked = qb
    .clone()
    .select(key, 'first_rows_key')
    .addSelect(`row_number() OVER (PARTITION BY ${parent} ORDER BY ${order})`, 'first_rows_n')
    .orderBy()
    .limit(undefined)
    .take(undefined);
  return qb
    .andWhere(
      `${key} IN (SELECT first_rows_key FROM (${ranked.getQuery()}) first_rows WHERE first_rows_n <= :firstRowsLimit)`,
      { firstRowsLimit: limit },
    )
    .limit(undefined)
    .take(undefined);
}

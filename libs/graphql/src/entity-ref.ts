/** A reference to another subgraph's entity, as a field resolver returns it: the owner resolves the rest. */
export interface EntityRef<T extends string> {
  __typename: T;
  id: string;
}

/**
 * `{ __typename, id }` for an entity another subgraph owns (declared `@key(fields: "id", resolvable: false)` here),
 * or null for a field that holds no id.
 */
export function entityRef<T extends string>(typename: T, id: string): EntityRef<T>;
export function entityRef<T extends string>(typename: T, id: string | null | undefined): EntityRef<T> | null;
export function entityRef<T extends string>(typename: T, id: string | null | undefined): EntityRef<T> | null {
  return id ? { __typename: typename, id } : null;
}

import type { Identity } from '@emergency/auth';

interface GraphQLResult<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** Signs a caller token the gateway accepts, for a caller the demo acts as. */
export type TokenSigner = (identity: Identity) => Promise<string>;

/**
 * Speaks to the gateway as any client would, with a caller token; through {@link as}, also as another caller (an
 * audited unit answering for its own organisation) with a token `signer` makes.
 */
export class DemoClient {
  constructor(
    private readonly url: string,
    private readonly token: string,
    private readonly signer: TokenSigner,
  ) {}

  /** A client acting as `identity`, with a token signed for it. */
  async as(identity: Identity): Promise<DemoClient> {
    return new DemoClient(this.url, await this.signer(identity), this.signer);
  }

  async request<T>(query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResult<T>> {
    const res = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as GraphQLResult<T>;
  }

  /** Runs `query` with `variables`; throws with every error message unless it succeeded. */
  async run<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const result = await this.request<T>(query, variables);
    if (result.errors?.length || !result.data) {
      throw new Error(`demo data: ${result.errors?.map((e) => e.message).join('; ') ?? 'no data'}`);
    }
    return result.data;
  }

  /** Runs a mutation taking one `$input`, returning the `id` of what it created or changed. */
  async mutate(field: string, inputType: string, input: Record<string, unknown>): Promise<string> {
    const data = await this.run<Record<string, { id: string }>>(
      `mutation($input: ${inputType}!) { ${field}(input: $input) { id } }`,
      { input },
    );
    return data[field]!.id;
  }

  /**
   * {@link mutate}, retried for up to a minute while it fails with one of `codes`: a refusal because the service
   * has not yet learned, by event, of something made moments ago (an organisation, an allocation).
   */
  async mutateOnceKnown(
    field: string,
    inputType: string,
    input: Record<string, unknown>,
    codes: readonly string[] = ['ORGANISATION_UNKNOWN'],
  ): Promise<string> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const result = await this.request<Record<string, { id: string }>>(
        `mutation($input: ${inputType}!) { ${field}(input: $input) { id } }`,
        { input },
      );
      const error = result.errors?.[0];
      if (!error && result.data) return result.data[field]!.id;
      if (!codes.includes(error?.extensions?.code ?? '') || Date.now() > deadline) {
        throw new Error(`demo data: ${result.errors?.map((e) => e.message).join('; ') ?? 'no data'}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /**
   * Runs one mutation for each of `inputs`, 25 to a request (aliases, executed in order), staying within the
   * gateway's alias limit; returns the ids in the order given.
   */
  async mutateMany(field: string, inputType: string, inputs: Record<string, unknown>[]): Promise<string[]> {
    const ids: string[] = [];
    for (let start = 0; start < inputs.length; start += 25) {
      const batch = inputs.slice(start, start + 25);
      const variables = Object.fromEntries(batch.map((input, i) => [`i${i}`, input]));
      const declarations = batch.map((_, i) => `$i${i}: ${inputType}!`).join(', ');
      const fields = batch.map((_, i) => `m${i}: ${field}(input: $i${i}) { id }`).join(' ');
      const data = await this.run<Record<string, { id: string }>>(
        `mutation(${declarations}) { ${fields} }`,
        variables,
      );
      ids.push(...batch.map((_, i) => data[`m${i}`]!.id));
    }
    return ids;
  }
}

/** Whole yuan to a Money string in fen. */
export const yuan = (whole: bigint) => (whole * 100n).toString();

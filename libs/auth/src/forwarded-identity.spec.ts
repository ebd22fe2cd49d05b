import fc from 'fast-check';
import { createHash } from 'node:crypto';
import {
  FORWARDED_IDENTITY_CLOCK_SKEW_MS,
  FORWARDED_IDENTITY_TTL_MS,
  ForwardedIdentityVerifier,
  forwardedBodyDigest,
  signForwardedIdentity,
  verifyForwardedIdentity,
  type Identity,
} from './index';

const secret = 'g'.repeat(40);
const auditor: Identity = { subject: 'u7', roles: ['auditor'], regionCode: '421100', name: 'Li Wei' };
const body = {
  query: 'query Trace__audit__0($id: ID!) { fundTrace(fundId: $id) { raisedFen } }',
  variables: { id: '9b1d6f3e-0f8a-4c55-9a39-5d0c1c7f2a10' },
  operationName: 'Trace__audit__0',
};
const request = { subgraph: 'audit', body };
const now = 1_800_000_000_000;

describe('forwarded identity', () => {
  it('verifies for the subgraph and body it was signed for, and keeps the identity', () => {
    const token = signForwardedIdentity(auditor, secret, request, now);
    const verified = verifyForwardedIdentity(token, secret, request, now + 100);
    expect(verified.identity).toEqual({ ...auditor, organisationId: undefined });
    expect(verified.expiresAtMs).toBe(now + FORWARDED_IDENTITY_TTL_MS);
  });

  it('binds the body as JSON, whatever the key order or spacing it was serialised with', () => {
    const token = signForwardedIdentity(auditor, secret, request, now);
    const received = JSON.parse(
      `{"variables":{"id":"${body.variables.id}"},"operationName":"Trace__audit__0","query":${JSON.stringify(body.query)}}`,
    ) as unknown;
    expect(
      verifyForwardedIdentity(token, secret, { subgraph: 'audit', body: received }, now).identity,
    ).toMatchObject(auditor);
  });

  it('refuses the token with another query, other variables or another operation name', () => {
    const token = signForwardedIdentity(auditor, secret, request, now);
    const others = [
      { ...body, query: '{ fundTraces { edges { node { raisedFen } } } }' },
      { ...body, variables: { id: '00000000-0000-4000-8000-000000000000' } },
      { ...body, operationName: 'Other' },
      { ...body, extensions: { persistedQuery: { version: 1 } } },
    ];
    for (const other of others) {
      expect(() => verifyForwardedIdentity(token, secret, { subgraph: 'audit', body: other }, now)).toThrow(
        /made for another request/,
      );
    }
  });

  it('refuses the token at another subgraph', () => {
    const token = signForwardedIdentity(auditor, secret, request, now);
    expect(() => verifyForwardedIdentity(token, secret, { subgraph: 'incidents', body }, now)).toThrow(
      /made for another subgraph/,
    );
  });

  it('refuses the token once expired, allowing only the clock skew', () => {
    const token = signForwardedIdentity(auditor, secret, request, now);
    const lastValid = now + FORWARDED_IDENTITY_TTL_MS + FORWARDED_IDENTITY_CLOCK_SKEW_MS;
    expect(verifyForwardedIdentity(token, secret, request, lastValid).identity.subject).toBe('u7');
    expect(() => verifyForwardedIdentity(token, secret, request, lastValid + 1)).toThrow(/expired/);
  });

  it('refuses a token signed by a clock far ahead, valid for longer than the gateway signs', () => {
    const ahead = now + FORWARDED_IDENTITY_CLOCK_SKEW_MS + 1;
    const token = signForwardedIdentity(auditor, secret, request, ahead);
    expect(() => verifyForwardedIdentity(token, secret, request, now)).toThrow(
      /longer than the gateway signs/,
    );
  });

  it('refuses another key, a changed payload, a changed signature and garbage', () => {
    const token = signForwardedIdentity(auditor, secret, request, now);
    expect(() => verifyForwardedIdentity(token, 'x'.repeat(40), request, now)).toThrow(/bad signature/);
    const [payload, signature] = token.split('.') as [string, string];
    const admin = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), roles: ['admin'] }),
    ).toString('base64url');
    expect(() => verifyForwardedIdentity(`${admin}.${signature}`, secret, request, now)).toThrow(
      /bad signature/,
    );
    const flipped = `${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(() => verifyForwardedIdentity(flipped, secret, request, now)).toThrow(/bad signature/);
    expect(() => verifyForwardedIdentity(`${payload}.${signature}x`, secret, request, now)).toThrow(
      /bad signature/,
    );
    for (const garbage of ['', 'a', 'a.b.c', 'a b.c', `${'a'.repeat(5000)}.b`]) {
      expect(() => verifyForwardedIdentity(garbage, secret, request, now)).toThrow(/malformed/);
    }
  });

  it('digests equal JSON values equally and different ones differently', () => {
    const json = fc.jsonValue();
    fc.assert(
      fc.property(json, (value) => {
        const reparsed = JSON.parse(JSON.stringify(value)) as unknown;
        expect(forwardedBodyDigest(reparsed)).toBe(forwardedBodyDigest(value));
      }),
    );
    fc.assert(
      fc.property(json, fc.string(), (value, extra) => {
        expect(forwardedBodyDigest({ query: value, extra })).not.toBe(forwardedBodyDigest({ query: value }));
      }),
    );
  });

  it("digests the JSON.stringify of the value with every object's keys sorted, for any value", () => {
    // The definition a subgraph of another version computes too: any other serialisation would refuse its tokens.
    const sorted = (_key: string, value: unknown) =>
      value !== null && typeof value === 'object' && !Array.isArray(value)
        ? Object.fromEntries(
            Object.keys(value)
              .sort()
              .map((k) => [k, (value as Record<string, unknown>)[k]]),
          )
        : value;
    const expected = (value: unknown) =>
      createHash('sha256')
        .update(JSON.stringify(value ?? null, sorted))
        .digest('base64url');
    const odd = [
      { b: 1, a: [undefined, () => 1, { d: undefined, c: null }], 10: 'x', 9: 'y', '01': 'z' },
      { when: new Date(now), nested: { toJSON: () => ({ z: 1, y: 2 }) } },
      { __proto__: null, b: 'é\u2028"\\', a: -0, c: Number.NaN },
      JSON.parse('{"__proto__": {"b": 1, "a": 2}, "x": [1e21, 1.5]}') as unknown,
      [new Map(), Object.create({ inherited: 1 }) as unknown],
      undefined,
      'plain',
    ];
    for (const value of odd) expect(forwardedBodyDigest(value)).toBe(expected(value));
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withObjectString: true }), (value) => {
        expect(forwardedBodyDigest(value)).toBe(expected(value));
      }),
    );
  });
});

describe(ForwardedIdentityVerifier.name, () => {
  it('accepts a token once and refuses it the second time', () => {
    let clock = now;
    const sut = new ForwardedIdentityVerifier(secret, 'audit', () => clock);
    const token = signForwardedIdentity(auditor, secret, request, now);
    expect(sut.verify(token, body).subject).toBe('u7');
    clock += 10;
    expect(() => sut.verify(token, body)).toThrow(/already used/);
    const next = signForwardedIdentity(auditor, secret, request, clock);
    expect(sut.verify(next, body).subject).toBe('u7');
  });

  it('gives every token its own id, over more tokens than one batch of random bytes holds', () => {
    const sut = new ForwardedIdentityVerifier(secret, 'audit', () => now);
    const ids = new Set<string>();
    for (let i = 0; i < 1_000; i++) {
      const token = signForwardedIdentity(auditor, secret, request, now);
      const payload = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as {
        jti: string;
      };
      expect(payload.jti).toMatch(/^[A-Za-z0-9_-]{16}$/);
      ids.add(payload.jti);
      expect(sut.verify(token, body).subject).toBe('u7');
    }
    expect(ids.size).toBe(1_000);
  });

  it('checks the subgraph it was made for', () => {
    const sut = new ForwardedIdentityVerifier(secret, 'incidents', () => now);
    expect(() => sut.verify(signForwardedIdentity(auditor, secret, request, now), body)).toThrow(
      /another subgraph/,
    );
  });
});

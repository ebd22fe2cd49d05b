import { randomUUID } from 'node:crypto';
import { IDENTITY_HEADER, signForwardedIdentity } from '@emergency/auth';
import {
  identities,
  TEST_IDENTITY_SECRET,
  type GraphQLResponse,
  type OrganisationFixture,
} from '@emergency/testing';

/** What the callers saw. Only the source database says what was committed: see the verification. */
export interface MutationCounts {
  attempted: number;
  /** Answered with data: committed, so each must be found in the database. */
  acked: number;
  /** Answered with a GraphQL error (e.g. INSUFFICIENT_FUNDS): nothing written. */
  refused: number;
  /** Connection refused: the service was down, nothing written. */
  unreachable: number;
  /** Cut mid-request by a kill (or timed out): committed or not, only the database knows. */
  unknown: number;
}

export interface AckedMutation {
  kind: 'contribution' | 'allocation';
  id: string;
}

const REQUEST_TIMEOUT_MS = 15_000;
const MANAGING_ORGANISATION = '00000000-0000-4000-8000-00000000f001';
const RECIPIENT = '00000000-0000-4000-8000-00000000c001';

/** The organisations the stream's funds name; incidents must have learned of them before it accepts a fund. */
export const CHAOS_ORGANISATIONS: OrganisationFixture[] = [
  {
    id: MANAGING_ORGANISATION,
    name: 'Hubei Provincial Department of Finance',
    regionCode: '420000',
    type: 'FINANCE_BUREAU',
  },
  { id: RECIPIENT, name: 'Jiang’an District Emergency Management Bureau', regionCode: '420102' },
];

const REPORT = `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { id } }`;
const ESTABLISH = `mutation($input: EstablishReconstructionFundInput!) {
  establishReconstructionFund(input: $input) { id } }`;
const CONTRIBUTE = `mutation($input: RecordFundContributionInput!) { recordFundContribution(input: $input) { id } }`;
const ALLOCATE = `mutation($input: AllocateFundInput!) { allocateFund(input: $input) { id } }`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Outcome =
  | { kind: 'acked'; data: Record<string, { id: string }> }
  | { kind: Exclude<keyof MutationCounts, 'attempted' | 'acked'> };

/**
 * Callers sending fund contributions and allocations straight to the incidents subgraph, signed as the gateway
 * signs them, as fast as the service answers (with a short random pause), through its kills.
 */
export class MutationStream {
  readonly counts: MutationCounts = { attempted: 0, acked: 0, refused: 0, unreachable: 0, unknown: 0 };
  readonly acked: AckedMutation[] = [];
  readonly funds: string[] = [];
  private callers: Promise<void>[] = [];
  private stopped = false;

  constructor(
    private readonly url: string,
    private readonly rand: () => number,
    private readonly fundCount: number,
  ) {}

  /** Reports an incident and establishes the funds the stream then feeds; these calls must succeed. */
  async seed(): Promise<void> {
    const incident = await this.must(REPORT, {
      title: 'Chaos run: flooding of the Han river',
      category: 'NATURAL_DISASTER',
      severity: 'II',
      regionCode: '420100',
      occurredAt: new Date().toISOString(),
    });
    for (let i = 0; i < this.fundCount; i++) {
      const fund = await this.must(ESTABLISH, {
        incidentId: incident.reportIncident.id,
        name: `Chaos fund ${i + 1}`,
        managingOrganisationId: MANAGING_ORGANISATION,
      });
      this.funds.push(fund.establishReconstructionFund.id);
    }
  }

  start(callers: number): void {
    this.callers = Array.from({ length: callers }, () => this.call());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.callers);
  }

  private async call(): Promise<void> {
    while (!this.stopped) {
      const fundId = this.funds[Math.floor(this.rand() * this.funds.length)];
      const roll = this.rand();
      const [query, kind, input] =
        roll < 0.65
          ? ([
              CONTRIBUTE,
              'contribution',
              {
                fundId,
                ...(this.rand() < 0.5
                  ? { kind: 'DONATION', channel: 'DOMESTIC' }
                  : { kind: 'APPROPRIATION', fiscalLevel: 'PROVINCIAL' }),
                // Mostly paid money (raised), some pledges (which the audit does not count as raised).
                ...(roll < 0.55
                  ? { status: 'PAID', paidOn: '2026-07-10', voucherNumber: `V-${randomUUID().slice(0, 8)}` }
                  : { status: 'PLEDGED' }),
                amountFen: String(100 + Math.floor(this.rand() * 10_000_000)),
                contributorName: `Donor ${randomUUID().slice(0, 8)}`,
              },
            ] as const)
          : ([
              ALLOCATE,
              'allocation',
              {
                fundId,
                organisationId: RECIPIENT,
                amountFen: String(100 + Math.floor(this.rand() * 3_000_000)),
                purposeCategory: 'LIVING_RELIEF',
                purpose: 'Temporary housing',
              },
            ] as const);
      this.counts.attempted++;
      const outcome = await this.send(query, { input });
      if (outcome.kind === 'acked') {
        this.counts.acked++;
        this.acked.push({ kind, id: Object.values(outcome.data)[0].id });
      } else {
        this.counts[outcome.kind]++;
      }
      await sleep(outcome.kind === 'unreachable' ? 200 : 20 + this.rand() * 60);
    }
  }

  private async must(query: string, input: Record<string, unknown>) {
    const outcome = await this.send(query, { input });
    if (outcome.kind !== 'acked') throw new Error(`seeding the chaos run failed (${outcome.kind})`);
    return outcome.data;
  }

  private async send(query: string, variables: Record<string, unknown>): Promise<Outcome> {
    const request = { query, variables };
    const headers = {
      'content-type': 'application/json',
      [IDENTITY_HEADER]: signForwardedIdentity(identities.admin(), TEST_IDENTITY_SECRET, {
        subgraph: 'incidents',
        body: request,
      }),
    };
    try {
      const res = await fetch(this.url, {
        method: 'POST',
        headers,
        body: JSON.stringify(request),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const body = (await res.json()) as GraphQLResponse<Record<string, { id: string }>>;
      if (body.data && !body.errors?.length) return { kind: 'acked', data: body.data };
      // A domain refusal writes nothing; anything else (a server error) may have been cut anywhere.
      return {
        kind: body.errors?.some((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR')
          ? 'unknown'
          : 'refused',
      };
    } catch (error) {
      const code = (error as { cause?: { code?: string } }).cause?.code;
      return { kind: code === 'ECONNREFUSED' ? 'unreachable' : 'unknown' };
    }
  }
}

import { mergeByContribution, takeLastFirst, type Origin } from '@emergency/domain';
import { PROJECT_STATUSES, type ProjectStatus } from './reconstruction-project.entity';
import {
  ReconstructionProjectErrorCode,
  ReconstructionProjectException,
} from './reconstruction-project.exception';

/** Whether a project at `from` may move to `to`: only to the next status, planned → started → … → settled. */
export const canMove = (from: ProjectStatus, to: ProjectStatus): boolean =>
  PROJECT_STATUSES.indexOf(to) === PROJECT_STATUSES.indexOf(from) + 1;

/** PROJECT_TRANSITION_REFUSED (naming `from` and `to`) unless {@link canMove}. */
export function requireMove(from: ProjectStatus, to: ProjectStatus): void {
  if (!canMove(from, to)) {
    throw new ReconstructionProjectException(
      ReconstructionProjectErrorCode.ProjectTransitionRefused,
      `a ${from} project cannot become ${to}: a project moves ${PROJECT_STATUSES.join(', ')}, one step at a time`,
      { field: 'projectId', from, to },
    );
  }
}

/** Money moves to and from a project once started and until settled: PROJECT_NOT_STARTED / PROJECT_STATUS_FORBIDS. */
export function requirePayable(status: ProjectStatus): void {
  if (status === 'PLANNED') {
    throw new ReconstructionProjectException(
      ReconstructionProjectErrorCode.ProjectNotStarted,
      `the project has not started: it is paid only once started`,
      { field: 'projectId', status },
    );
  }
  if (status === 'SETTLED') {
    throw new ReconstructionProjectException(
      ReconstructionProjectErrorCode.ProjectStatusForbids,
      `the project is settled: its final account is closed to payments and refunds`,
      { field: 'projectId', status },
    );
  }
}

/** CONTRACT_OVERPAID when paying `requestedFen` would take the contract's net paid above its amount. */
export function requireContractCovers(
  contract: { id: string; amountFen: bigint },
  paidFen: bigint,
  requestedFen: bigint,
): void {
  if (paidFen + requestedFen > contract.amountFen) {
    throw new ReconstructionProjectException(
      ReconstructionProjectErrorCode.ContractOverpaid,
      `contract ${contract.id} is for ${contract.amountFen} fen and ${paidFen} fen is paid on it: ` +
        `${requestedFen} fen more would overpay it`,
      {
        field: 'amountFen',
        contractId: contract.id,
        contractFen: contract.amountFen.toString(),
        paidFen: paidFen.toString(),
        requestedFen: requestedFen.toString(),
      },
    );
  }
}

/** PROJECT_DATE_OUT_OF_ORDER when a status change's date `on` (YYYY-MM-DD) is before the previous one's. */
export function requireNotBefore(on: string, previousOn: string | null, field: string): void {
  if (previousOn !== null && on < previousOn) {
    throw new ReconstructionProjectException(
      ReconstructionProjectErrorCode.ProjectDateOutOfOrder,
      `${field} ${on} is before the project's previous status change on ${previousOn}`,
      { field, previousOn },
    );
  }
}

/** PROGRESS_DECREASED when `next` percent is below `last`. */
export function requireProgress(last: number, next: number): void {
  if (next < last) {
    throw new ReconstructionProjectException(
      ReconstructionProjectErrorCode.ProgressDecreased,
      `progress never decreases: the project was reported ${last} percent complete, not ${next}`,
      { field: 'percentComplete', percentComplete: last },
    );
  }
}

/** A stretch of a payment: what it drew of one contribution through one allocation, and what came back of it. */
export interface PaidOrigin {
  position: number;
  allocationId: string;
  contributionId: string;
  amountFen: bigint;
  refundedFen: bigint;
}

/** What a refund gives back: per stretch of the payment, how much. */
export type GivenBack = Omit<PaidOrigin, 'refundedFen'>;

/**
 * `amountFen` given back from a payment's stretches, the last drawn first, each as far as what is left of it
 * (amount less refunded); null when they do not cover it.
 */
export function refundLastFirst(paid: readonly PaidOrigin[], amountFen: bigint): GivenBack[] | null {
  return takeLastFirst(netOf(paid), amountFen);
}

/** What is left of a payment's stretches (amount less refunded), merged per contribution in the order drawn. */
export const netOrigins = (paid: readonly PaidOrigin[]): Origin[] => mergeByContribution(netOf(paid));

/** A payment's stretches in the order drawn, each at what is left of it (amount less refunded). */
const netOf = (paid: readonly PaidOrigin[]): GivenBack[] =>
  [...paid]
    .sort((a, b) => a.position - b.position)
    .map(({ refundedFen, ...stretch }) => ({ ...stretch, amountFen: stretch.amountFen - refundedFen }));

/**
 * SETTLEMENT_MISMATCH unless `settled` names each of `contracts` exactly once with the amount paid on it (net),
 * and something was paid.
 */
export function requireSettlementMatches(
  contracts: readonly { id: string; paidFen: bigint }[],
  settled: readonly { contractId: string; settledAmountFen: bigint }[],
): void {
  const fail = (contractId: string, paidFen: bigint | null, why: string) => {
    throw new ReconstructionProjectException(ReconstructionProjectErrorCode.SettlementMismatch, why, {
      field: 'contracts',
      contractId,
      paidFen: paidFen?.toString() ?? null,
    });
  };
  const paid = new Map(contracts.map((c) => [c.id, c.paidFen]));
  const seen = new Set<string>();
  for (const s of settled) {
    const paidFen = paid.get(s.contractId);
    if (paidFen === undefined || seen.has(s.contractId)) {
      fail(
        s.contractId,
        null,
        `contract ${s.contractId} is not a contract of the project, or is named twice`,
      );
    }
    seen.add(s.contractId);
    if (paidFen !== s.settledAmountFen) {
      fail(
        s.contractId,
        paidFen!,
        `contract ${s.contractId} is settled at ${s.settledAmountFen} fen but ${paidFen} fen is paid on it`,
      );
    }
  }
  for (const c of contracts) {
    if (!seen.has(c.id)) fail(c.id, c.paidFen, `the final account leaves out contract ${c.id}`);
  }
  // Settling records the money used; a final account with nothing paid would use nothing.
  if (settled.every((s) => s.settledAmountFen === 0n)) {
    fail(
      settled[0]?.contractId ?? '',
      0n,
      'a final account settles at more than zero: nothing is paid on the project',
    );
  }
}

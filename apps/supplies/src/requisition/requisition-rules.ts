import type { MoneyBlock } from '@emergency/contracts';
import { byAllocation, CURRENCY, maskPersonName, regionCovers, regionPrefix } from '@emergency/domain';
import type { DrawnPayment } from '../allocation/allocation.service';
import type { PropertyOwnerKind, StockRequisitionStatus } from './requisition.entity';

/**
 * Whether stock at `regionCode` lies at a level strictly below a requisitioning point's region (`requisitioner`):
 * within its subtree and not its own region. A province takes from its prefectures and counties, a prefecture
 * from its counties; a county from nobody (a level may not requisition its own or a higher level's stock).
 */
export const strictlyBelow = (requisitioner: string, regionCode: string): boolean =>
  regionCovers(requisitioner, regionCode) && regionPrefix(regionCode) !== regionPrefix(requisitioner);

/** What one owner has still to be repaid. */
export const outstandingOf = (owner: {
  owedFen: bigint;
  repaidInKindFen: bigint;
  repaidInMoneyFen: bigint;
}) => owner.owedFen - owner.repaidInKindFen - owner.repaidInMoneyFen;

/** A stock requisition's status from what its owners are owed and were repaid. */
export function statusOf(
  owners: readonly { owedFen: bigint; repaidInKindFen: bigint; repaidInMoneyFen: bigint }[],
): StockRequisitionStatus {
  if (owners.every((o) => outstandingOf(o) === 0n)) return 'REPAID';
  return owners.some((o) => o.repaidInKindFen + o.repaidInMoneyFen > 0n) ? 'PARTLY_REPAID' : 'OPEN';
}

/** A property owner's name as it may be published or shown to non-admins: a person's masked. */
export const publishedOwnerName = (kind: PropertyOwnerKind, name: string): string =>
  kind === 'PERSON' ? maskPersonName(name) : name;

/** A DISBURSED cash money block paying `drawn` from allocations of one fund to `payee`. */
export function disbursedMoney(flow: {
  flowId: string;
  fundId: string;
  incidentId: string;
  payerOrganisationId: string;
  payee: { organisationId: string | null; name: string | null };
  drawn: readonly DrawnPayment[];
  description: string;
  at: Date;
}): MoneyBlock {
  const amount = flow.drawn.reduce((sum, p) => sum + p.amountFen, 0n);
  return {
    flowId: flow.flowId,
    stage: 'DISBURSED',
    reverses: null,
    fundId: flow.fundId,
    allocationId: flow.drawn.length === 1 ? flow.drawn[0].allocationId : null,
    projectId: null,
    incidentId: flow.incidentId,
    amountFen: amount.toString(),
    currency: CURRENCY,
    form: 'CASH',
    goods: [],
    valuationBasis: null,
    payer: { organisationId: flow.payerOrganisationId, name: null },
    payee: flow.payee,
    sources: byAllocation(flow.drawn.flatMap((d) => d.origins)).map((s) => ({
      flowId: s.allocationId,
      amountFen: s.amountFen.toString(),
      origins: s.origins.map((o) => ({
        contributionId: o.contributionId,
        amountFen: o.amountFen.toString(),
      })),
    })),
    description: flow.description,
    occurredAt: flow.at.toISOString(),
  };
}

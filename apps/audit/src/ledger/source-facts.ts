import type { ContributionKind } from '@emergency/domain';
import { isContributionKind } from './fund-breakdown';

/**
 * What the audit keeps of a contribution beside its flows: its kind, which the breakdown counts money drawn on it
 * under; a fiscal appropriation's level and programme and a donation's channel, which the announcement splits raised
 * money by; the donor's direction, which the directed-donation rule checks allocations against; and the receiving
 * organisation (the stated one, else the payee of its money: the fund's managing organisation).
 */
export interface ContributionFacts {
  id: string;
  kind: ContributionKind;
  fiscalLevel: string | null;
  programme: string | null;
  channel: string | null;
  directedPurpose: string | null;
  directedOrganisationId: string | null;
  receiverOrganisationId: string | null;
}

/** What the audit keeps of an allocation beside its flow: the purpose category its uses are announced under. */
export interface AllocationFacts {
  id: string;
  purposeCategory: string;
}

/** The fields of the contribution and allocation events, of any version, the facts are read from. */
interface SourceEventData {
  contributionId?: unknown;
  kind?: unknown;
  fiscalLevel?: string | null;
  programme?: string | null;
  channel?: string | null;
  directedPurpose?: string | null;
  directedOrganisationId?: string | null;
  receivingOrganisationId?: string | null;
  allocationId?: unknown;
  purposeCategory?: unknown;
  money?: { payee: { organisationId: string | null } };
  payeeOrganisationId?: string | null;
}

/**
 * The facts of the contribution an event records: any event naming a contribution and its kind (a contribution's
 * recording, of any version; a pledge's too, paid later by an event that does not). Fields an older version lacks
 * are null; its receiver is the payee.
 */
export function contributionFactsOf(data: unknown): ContributionFacts | null {
  const d = data as SourceEventData;
  if (typeof d.contributionId !== 'string' || !isContributionKind(d.kind)) return null;
  return {
    id: d.contributionId,
    kind: d.kind,
    fiscalLevel: d.fiscalLevel ?? null,
    programme: d.programme ?? null,
    channel: d.channel ?? null,
    directedPurpose: d.directedPurpose ?? null,
    directedOrganisationId: d.directedOrganisationId ?? null,
    receiverOrganisationId:
      d.receivingOrganisationId ?? d.money?.payee.organisationId ?? d.payeeOrganisationId ?? null,
  };
}

/** The facts of the allocation an event records: an event naming an allocation and its purpose category. */
export function allocationFactsOf(data: unknown): AllocationFacts | null {
  const d = data as SourceEventData;
  if (typeof d.allocationId !== 'string' || typeof d.purposeCategory !== 'string') return null;
  return { id: d.allocationId, purposeCategory: d.purposeCategory };
}

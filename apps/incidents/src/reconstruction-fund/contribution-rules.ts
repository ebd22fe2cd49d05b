import { hasRole, type Identity } from '@emergency/auth';
import {
  CONTRIBUTION_KINDS,
  CONTRIBUTOR_TYPES,
  DONATION_CHANNELS,
  FISCAL_LEVELS,
  inJurisdiction,
  maskPersonName,
  MONEY_FORMS,
  MONEY_PURPOSES,
  type ContributionKind,
  type ContributorType,
  type DonationChannel,
  type FiscalLevel,
  type MoneyForm,
  type MoneyPurpose,
} from '@emergency/domain';
import {
  badInput,
  CommonErrorCode,
  oneOf,
  optionalText,
  pastOrToday,
  requiredCalendarDate,
  requiredText,
  requiredUuid,
} from '@emergency/graphql';
import type { ContributionStatus } from './fund-contribution.entity';
import { ReconstructionFundErrorCode, ReconstructionFundException } from './reconstruction-fund.exception';

/** The statuses a contribution may be recorded in; WITHDRAWN and CORRECTED are reached by their own mutations. */
export const RECORDED_STATUSES = ['PLEDGED', 'COMMITTED', 'PAID'] as const;
export type RecordedStatus = (typeof RECORDED_STATUSES)[number];

/** Goods lines one contribution may hold (their position is a smallint). */
export const MAX_GOODS_LINES = 100;

/** The longest a donation publication period may be, in days between its first and last day. */
export const MAX_PUBLICATION_DAYS = 31;

export interface GoodsLineInput {
  description: string;
  unit: string;
  quantity: number;
  /** Parsed by the Money scalar. */
  unitValueFen: bigint;
}

/** A contribution as a caller states it: to record, or as the corrected version of one. */
export interface ContributionInput {
  kind: string;
  status: string;
  /** Parsed by the Money scalar; for goods in kind it may be left out (it is the lines' total). */
  amountFen?: bigint | null;
  contributorName: string;
  contributorType?: string | null;
  payerOrganisationId?: string | null;
  fiscalLevel?: string | null;
  programme?: string | null;
  form?: string | null;
  goods?: readonly GoodsLineInput[] | null;
  valuationBasis?: string | null;
  channel?: string | null;
  receivingOrganisationId?: string | null;
  directedPurpose?: string | null;
  directedOrganisationId?: string | null;
  paidOn?: string | null;
  voucherNumber?: string | null;
}

export interface GoodsLine {
  description: string;
  unit: string;
  quantity: number;
  unitValueFen: bigint;
}

/** A contribution checked against every rule that needs nothing but the input (organisations are checked apart). */
export interface ContributionDraft {
  kind: ContributionKind;
  status: RecordedStatus;
  amountFen: bigint;
  contributorName: string;
  contributorType: ContributorType;
  payerOrganisationId: string | null;
  fiscalLevel: FiscalLevel | null;
  programme: string | null;
  form: MoneyForm;
  goods: GoodsLine[];
  valuationBasis: string | null;
  channel: DonationChannel | null;
  receivingOrganisationId: string | null;
  directedPurpose: MoneyPurpose | null;
  directedOrganisationId: string | null;
  paidOn: string | null;
  voucherNumber: string | null;
}

const given = (value: unknown): boolean =>
  value !== null &&
  value !== undefined &&
  !(typeof value === 'string' && value.trim() === '') &&
  !(Array.isArray(value) && value.length === 0);

function required(field: string, why: string): never {
  throw new ReconstructionFundException(
    ReconstructionFundErrorCode.ContributionFieldRequired,
    `${field} is required ${why}`,
    { field },
  );
}

function refuseGiven(value: unknown, field: string, why: string): void {
  if (given(value)) {
    throw new ReconstructionFundException(
      ReconstructionFundErrorCode.ContributionFieldNotAllowed,
      `${field} is not taken ${why}`,
      { field },
    );
  }
}

function positiveFen(value: bigint, field: string): bigint {
  if (value <= 0n) {
    throw new ReconstructionFundException(
      CommonErrorCode.InvalidAmount,
      `${field} must be greater than zero (got ${value})`,
      { field },
    );
  }
  return value;
}

/** The goods lines, each checked, in the order given; `field` prefixes the field named by a refusal. */
export function readGoods(lines: readonly GoodsLineInput[], field = 'goods'): GoodsLine[] {
  if (lines.length > MAX_GOODS_LINES)
    throw badInput(`${field} may have at most ${MAX_GOODS_LINES} lines`, field);
  return lines.map((line, i) => {
    const at = `${field}[${i}]`;
    if (!Number.isSafeInteger(line.quantity) || line.quantity <= 0) {
      throw badInput(`${at}.quantity must be a whole number greater than zero`, `${at}.quantity`);
    }
    return {
      description: requiredText(line.description, `${at}.description`, 200),
      unit: requiredText(line.unit, `${at}.unit`, 20),
      quantity: line.quantity,
      unitValueFen: positiveFen(line.unitValueFen, `${at}.unitValueFen`),
    };
  });
}

/** A goods line's value: quantity × unitValueFen. */
export const lineTotalFen = (line: Pick<GoodsLine, 'quantity' | 'unitValueFen'>): bigint =>
  BigInt(line.quantity) * line.unitValueFen;

export const goodsTotalFen = (lines: readonly Pick<GoodsLine, 'quantity' | 'unitValueFen'>[]): bigint =>
  lines.reduce((sum, line) => sum + lineTotalFen(line), 0n);

/**
 * The rules of a contribution that need nothing but its input, in the order a caller fixes them:
 * - kind, status (PLEDGED, COMMITTED or PAID), contributor type (ORGANISATION unless said) and name;
 * - an APPROPRIATION states its fiscalLevel and may state a programme; nothing else does;
 * - a DONATION states its channel and may be directed (directedPurpose and/or directedOrganisationId) and given in
 *   kind; nothing else may;
 * - goods IN_KIND have lines and a valuation basis, and their amount is the lines' total; CASH has neither;
 * - a PAID contribution has the day it was paid (not in the future, China time) and its voucher number; a promise
 *   has neither.
 * CONTRIBUTION_FIELD_REQUIRED, CONTRIBUTION_FIELD_NOT_ALLOWED, GOODS_TOTAL_MISMATCH, INVALID_AMOUNT, INVALID_DATE,
 * DATE_IN_FUTURE or BAD_USER_INPUT otherwise.
 */
export function readContribution(input: ContributionInput, today?: string): ContributionDraft {
  const kind = oneOf(CONTRIBUTION_KINDS, input.kind, 'kind');
  const status = oneOf(RECORDED_STATUSES, input.status, 'status');
  const contributorType = oneOf(
    CONTRIBUTOR_TYPES,
    input.contributorType ?? 'ORGANISATION',
    'contributorType',
  );
  const contributorName = requiredText(input.contributorName, 'contributorName', 200);
  const form = oneOf(MONEY_FORMS, input.form ?? 'CASH', 'form');

  let fiscalLevel: FiscalLevel | null = null;
  let programme: string | null = null;
  if (kind === 'APPROPRIATION') {
    if (!given(input.fiscalLevel)) required('fiscalLevel', 'for an appropriation');
    fiscalLevel = oneOf(FISCAL_LEVELS, input.fiscalLevel!, 'fiscalLevel');
    programme = optionalText(input.programme, 'programme', 200);
  } else {
    refuseGiven(input.fiscalLevel, 'fiscalLevel', `for ${kind}: only an appropriation has a fiscal level`);
    refuseGiven(input.programme, 'programme', `for ${kind}: only an appropriation has a programme`);
  }

  let channel: DonationChannel | null = null;
  let directedPurpose: MoneyPurpose | null = null;
  let directedOrganisationId: string | null = null;
  if (kind === 'DONATION') {
    if (!given(input.channel)) required('channel', 'for a donation');
    channel = oneOf(DONATION_CHANNELS, input.channel!, 'channel');
    if (given(input.directedPurpose))
      directedPurpose = oneOf(MONEY_PURPOSES, input.directedPurpose!, 'directedPurpose');
    if (given(input.directedOrganisationId))
      directedOrganisationId = requiredUuid(input.directedOrganisationId!, 'directedOrganisationId');
  } else {
    const why = `for ${kind}: only a donation has`;
    refuseGiven(input.channel, 'channel', `${why} a channel`);
    refuseGiven(input.directedPurpose, 'directedPurpose', `${why} a donor's direction`);
    refuseGiven(input.directedOrganisationId, 'directedOrganisationId', `${why} a donor's direction`);
    if (form === 'IN_KIND') {
      throw new ReconstructionFundException(
        ReconstructionFundErrorCode.ContributionFieldNotAllowed,
        `form IN_KIND is not taken for ${kind}: only a donation may be given in kind`,
        { field: 'form' },
      );
    }
  }

  let goods: GoodsLine[] = [];
  let valuationBasis: string | null = null;
  let amountFen: bigint;
  if (form === 'IN_KIND') {
    if (!given(input.goods)) required('goods', 'for goods in kind');
    if (!given(input.valuationBasis)) required('valuationBasis', 'for goods in kind');
    goods = readGoods(input.goods!);
    valuationBasis = requiredText(input.valuationBasis!, 'valuationBasis', 500);
    amountFen = goodsTotalFen(goods);
    if (input.amountFen !== null && input.amountFen !== undefined && input.amountFen !== amountFen) {
      throw new ReconstructionFundException(
        ReconstructionFundErrorCode.GoodsTotalMismatch,
        `amountFen ${input.amountFen} is not the goods lines' total of ${amountFen} fen`,
        { field: 'amountFen', amountFen: input.amountFen.toString(), goodsTotalFen: amountFen.toString() },
      );
    }
  } else {
    refuseGiven(input.goods, 'goods', 'for cash: only goods in kind have lines');
    refuseGiven(input.valuationBasis, 'valuationBasis', 'for cash: only goods in kind are valued');
    if (input.amountFen === null || input.amountFen === undefined) required('amountFen', 'for cash');
    amountFen = positiveFen(input.amountFen, 'amountFen');
  }

  let paidOn: string | null = null;
  let voucherNumber: string | null = null;
  if (status === 'PAID') {
    ({ paidOn, voucherNumber } = readPayment(input.paidOn, input.voucherNumber, today));
  } else {
    refuseGiven(input.paidOn, 'paidOn', `while ${status}: only a paid contribution has a payment day`);
    refuseGiven(
      input.voucherNumber,
      'voucherNumber',
      `while ${status}: only a paid contribution has a voucher`,
    );
  }

  return {
    kind,
    status,
    amountFen,
    contributorName,
    contributorType,
    payerOrganisationId: given(input.payerOrganisationId)
      ? requiredUuid(input.payerOrganisationId!, 'payerOrganisationId')
      : null,
    fiscalLevel,
    programme,
    form,
    goods,
    valuationBasis,
    channel,
    receivingOrganisationId: given(input.receivingOrganisationId)
      ? requiredUuid(input.receivingOrganisationId!, 'receivingOrganisationId')
      : null,
    directedPurpose,
    directedOrganisationId,
    paidOn,
    voucherNumber,
  };
}

/** A payment's day (a calendar date, not after `today` in China) and its voucher number, both required. */
export function readPayment(
  paidOn: string | null | undefined,
  voucherNumber: string | null | undefined,
  today?: string,
): { paidOn: string; voucherNumber: string } {
  if (!given(paidOn)) required('paidOn', 'once a contribution is paid');
  if (!given(voucherNumber)) required('voucherNumber', 'once a contribution is paid');
  return {
    paidOn: pastOrToday(paidOn!, 'paidOn', today),
    voucherNumber: requiredText(voucherNumber!, 'voucherNumber', 100),
  };
}

/** The moves of a contribution's life; nothing else is allowed. */
const TRANSITIONS: Record<ContributionStatus, readonly ContributionStatus[]> = {
  PLEDGED: ['COMMITTED', 'PAID', 'WITHDRAWN', 'CORRECTED'],
  COMMITTED: ['PAID', 'WITHDRAWN', 'CORRECTED'],
  PAID: ['CORRECTED'],
  WITHDRAWN: [],
  CORRECTED: [],
};

export const mayMove = (from: ContributionStatus, to: ContributionStatus): boolean =>
  TRANSITIONS[from].includes(to);

/** CONTRIBUTION_TRANSITION_REFUSED unless a contribution may move from `from` to `to`. */
export function requireTransition(id: string, from: ContributionStatus, to: ContributionStatus): void {
  if (!mayMove(from, to)) {
    throw new ReconstructionFundException(
      ReconstructionFundErrorCode.ContributionTransitionRefused,
      `contribution ${id} is ${from} and cannot become ${to}`,
      { id, from, to },
    );
  }
}

/** CONTRIBUTION_ALREADY_DRAWN when allocations hold money of the contribution or some was given back. */
export function requireUndrawn(contribution: { id: string; drawnFen: bigint; returnedFen: bigint }): void {
  if (contribution.drawnFen > 0n || contribution.returnedFen > 0n) {
    throw new ReconstructionFundException(
      ReconstructionFundErrorCode.ContributionAlreadyDrawn,
      `contribution ${contribution.id} has been drawn on (${contribution.drawnFen} fen) or given back ` +
        `(${contribution.returnedFen} fen) and cannot be corrected`,
      {
        id: contribution.id,
        drawnFen: contribution.drawnFen.toString(),
        returnedFen: contribution.returnedFen.toString(),
      },
    );
  }
}

/** A contributor's name as it may be published: a natural person's masked, an organisation's as it is. */
export const publishedName = (contributorType: ContributorType, name: string): string =>
  contributorType === 'PERSON' ? maskPersonName(name) : name;

/**
 * Who reads a personal contributor's name in full: admins, and operators of the incident's region (the fund's
 * managers, who receipt the donation). Everyone else, auditors included, reads it masked as published. The rule of
 * the organisations service for personal data (maySeePersonalData), applied to the incident's region.
 */
export function maySeeContributorName(
  identity: Identity | null | undefined,
  incidentRegionCode: string,
): boolean {
  if (!identity) return false;
  if (hasRole(identity, 'admin')) return true;
  return hasRole(identity, 'operator') && inJurisdiction(identity, incidentRegionCode);
}

const KIND_WORDS: Record<ContributionKind, string> = {
  APPROPRIATION: 'appropriation',
  DONATION: 'Donation',
  PARTY_DUES: 'Special party dues',
};
const LEVEL_WORDS: Record<FiscalLevel, string> = {
  CENTRAL: 'Central',
  PROVINCIAL: 'Provincial',
  PREFECTURE: 'Prefecture',
  COUNTY: 'County',
};

const words = (value: string) => value.toLowerCase().replace(/_/g, ' ');

/**
 * How a contribution reads in the money trail, e.g. "Donation in kind from Hubei Red Cross Society: 500 × family
 * tent", "Central appropriation from Ministry of Finance, programme Flood recovery". `contributor` is the name as
 * published (masked for a person).
 */
export function describeContribution(
  c: Pick<ContributionDraft, 'kind' | 'fiscalLevel' | 'programme' | 'form' | 'goods' | 'directedPurpose'> & {
    directedOrganisationId?: string | null;
  },
  contributor: string,
): string {
  let text =
    c.kind === 'APPROPRIATION'
      ? `${c.fiscalLevel ? LEVEL_WORDS[c.fiscalLevel] : 'Fiscal'} ${KIND_WORDS.APPROPRIATION} from ${contributor}`
      : `${KIND_WORDS[c.kind]}${c.form === 'IN_KIND' ? ' in kind' : ''} from ${contributor}`;
  if (c.programme) text += `, programme ${c.programme}`;
  if (c.directedPurpose) text += `, directed to ${words(c.directedPurpose)}`;
  else if (c.directedOrganisationId) text += ', directed to a named recipient';
  if (c.form === 'IN_KIND') text += `: ${c.goods.map((g) => `${g.quantity} × ${g.description}`).join(', ')}`;
  return text;
}

const DAY_MS = 86_400_000;

/**
 * A donation publication period: two calendar days, `to` not before `from` and at most
 * {@link MAX_PUBLICATION_DAYS} days after it; INVALID_DATE or PUBLICATION_PERIOD_INVALID otherwise.
 */
export function readPublicationPeriod(from: string, to: string): { from: string; to: string } {
  requiredCalendarDate(from, 'from');
  requiredCalendarDate(to, 'to');
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS;
  if (days < 0 || days > MAX_PUBLICATION_DAYS) {
    throw new ReconstructionFundException(
      ReconstructionFundErrorCode.PublicationPeriodInvalid,
      days < 0
        ? `the period ends (${to}) before it starts (${from})`
        : `the period from ${from} to ${to} is ${days} days long; at most ${MAX_PUBLICATION_DAYS} are published at once`,
      { field: 'to', from, to },
    );
  }
  return { from, to };
}

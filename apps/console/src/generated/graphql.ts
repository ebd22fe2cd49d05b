/* eslint-disable */
// Generated from apps/console/src/operations.graphql and the supergraph by `npm run console:codegen`. Do not edit by hand.
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/**
 * The parts of the table: RAISED (by source), RECEIVER (raised, by receiving organisation), SPENT (by use), BALANCE (by
 * status), PROBLEMS (findings by type), FOLLOW_UP (recommendations, rectification, amounts recovered, saved and
 * transferred for handling).
 */
export const AnnouncementSection = {
  Raised: 'RAISED',
  Receiver: 'RECEIVER',
  Spent: 'SPENT',
  Balance: 'BALANCE',
  Problems: 'PROBLEMS',
  FollowUp: 'FOLLOW_UP'
} as const;

export type AnnouncementSection = typeof AnnouncementSection[keyof typeof AnnouncementSection];
export type AnomalyFilter = {
  fundId?: string | number | null | undefined;
  incidentId?: string | number | null | undefined;
  /** A region and everything below it. */
  regionCode?: string | null | undefined;
  ruleKey?: string | null | undefined;
  status?: AnomalyStatus | null | undefined;
};

/** OPEN until an auditor dismisses it with a reason or turns it into a finding. */
export const AnomalyStatus = {
  Open: 'OPEN',
  Dismissed: 'DISMISSED',
  Finding: 'FINDING'
} as const;

export type AnomalyStatus = typeof AnomalyStatus[keyof typeof AnomalyStatus];
export const AuditEngagementStage = {
  Planned: 'PLANNED',
  Fieldwork: 'FIELDWORK',
  Reported: 'REPORTED',
  FollowUp: 'FOLLOW_UP',
  Closed: 'CLOSED'
} as const;

export type AuditEngagementStage = typeof AuditEngagementStage[keyof typeof AuditEngagementStage];
export type AuditEvidenceInput = {
  kind: string;
  id: string;
  note?: string | null | undefined;
};

export type AuditFindingFilter = {
  regionCode?: string | null | undefined;
  engagementId?: string | number | null | undefined;
  status?: AuditFindingStatus | null | undefined;
  auditedOrganisationId?: string | number | null | undefined;
};

export const AuditFindingStatus = {
  Draft: 'DRAFT',
  Issued: 'ISSUED',
  Responded: 'RESPONDED',
  Rectifying: 'RECTIFYING',
  Closed: 'CLOSED'
} as const;

export type AuditFindingStatus = typeof AuditFindingStatus[keyof typeof AuditFindingStatus];
export const AuditFindingType = {
  /** 截留、挪用、私分 */
  Misappropriation: 'MISAPPROPRIATION',
  /** 擅自改变用途 */
  Diversion: 'DIVERSION',
  /** 虚报冒领、骗取 */
  FalseClaims: 'FALSE_CLAIMS',
  /** 虚开发票套取资金 */
  FakeInvoices: 'FAKE_INVOICES',
  /** 资金闲置 */
  IdleFunds: 'IDLE_FUNDS',
  /** 超标准支出 */
  OverStandard: 'OVER_STANDARD',
  /** 重复支付 */
  DuplicatePayment: 'DUPLICATE_PAYMENT',
  /** 拨付不及时 */
  LateDisbursement: 'LATE_DISBURSEMENT',
  /** 物资未入账 */
  UnbookedGoods: 'UNBOOKED_GOODS',
  /** 专项资金与经费混账 */
  MixedAccounts: 'MIXED_ACCOUNTS',
  /** 捐赠统计不规范 */
  MisstatedDonations: 'MISSTATED_DONATIONS',
  /** 分配不公、重复发放 */
  UnfairDistribution: 'UNFAIR_DISTRIBUTION',
  /** 项目管理与工程质量 */
  ProjectManagement: 'PROJECT_MANAGEMENT',
  /** 其他 */
  Other: 'OTHER'
} as const;

export type AuditFindingType = typeof AuditFindingType[keyof typeof AuditFindingType];
/** A rectification item's state (DOMAIN_FACTS §4.5). */
export const AuditRectificationState = {
  /** 已整改: evidence sufficient. */
  Rectified: 'RECTIFIED',
  /** 持续整改: institutional, historical or litigation issues that cannot be fixed within the period (a reason given). */
  Continuing: 'CONTINUING',
  /** 未整改: evidence insufficient at the deadline; supervision continues. */
  NotRectified: 'NOT_RECTIFIED'
} as const;

export type AuditRectificationState = typeof AuditRectificationState[keyof typeof AuditRectificationState];
export type DismissAnomalyInput = {
  anomalyId: string | number;
  /** Why it is not a problem (BAD_USER_INPUT when empty; at most 2000 characters). */
  reason: string;
};

/** Money paid, or goods given in kind and valued in fen. */
export const FlowForm = {
  Cash: 'CASH',
  InKind: 'IN_KIND'
} as const;

export type FlowForm = typeof FlowForm[keyof typeof FlowForm];
/**
 * Where money stands, the stages of the whole-process tracking audit (docs/adr/0026-the-money-model.md): RAISED into
 * a fund, ALLOCATED to an organisation or project, DISBURSED to a contractor, supplier or household, USED once its end
 * use is confirmed. Flows recorded as spent before the disbursed stage existed are DISBURSED.
 */
export const FlowStage = {
  Raised: 'RAISED',
  Allocated: 'ALLOCATED',
  Disbursed: 'DISBURSED',
  Used: 'USED'
} as const;

export type FlowStage = typeof FlowStage[keyof typeof FlowStage];
/**
 * Where a lot's goods came from: bought from an allocation (PURCHASE), given in kind to a fund (DONATION), made from
 * another lot by a transfer or a shipment (TRANSFER, keeping the first lot's ids) or an opening balance (INITIAL).
 */
export const GoodsSourceKind = {
  Purchase: 'PURCHASE',
  Donation: 'DONATION',
  Transfer: 'TRANSFER',
  Initial: 'INITIAL'
} as const;

export type GoodsSourceKind = typeof GoodsSourceKind[keyof typeof GoodsSourceKind];
export type RecordAuditFindingInput = {
  /** An engagement not CLOSED (AUDIT_ENGAGEMENT_NOT_FOUND, AUDIT_ENGAGEMENT_STAGE_NOT_ALLOWED). */
  engagementId: string | number;
  type: AuditFindingType;
  title: string;
  description: string;
  amountFen: string;
  auditedOrganisationId: string | number;
  /** Within the engagement's region and your jurisdiction (OUTSIDE_JURISDICTION). */
  regionCode: string;
  evidence: Array<AuditEvidenceInput>;
  /** OPEN anomalies turned into this finding (AUDIT_FINDING_ANOMALY_NOT_OPEN). */
  anomalyIds?: Array<string | number> | null | undefined;
  recommendations: Array<string>;
};

export type IncidentsQueryVariables = Exact<{
  after?: string | null | undefined;
}>;


export type IncidentsQuery = { incidents: { edges: Array<{ node: { id: string, title: string, regionCode: string, occurredAt: string, funds: Array<{ id: string, name: string }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type AnnouncementQueryVariables = Exact<{
  incidentId: string | number;
  asOf?: string | null | undefined;
}>;


export type AnnouncementQuery = { disasterAnnouncement: { asOf: string, incident: { id: string, title: string }, figures: Array<{ key: string, section: AnnouncementSection, item: string, itemEn: string, amountFen: string, count: number | null, organisation: { id: string, name: string } | null }> } | null };

export type FigureRecordsQueryVariables = Exact<{
  incidentId: string | number;
  asOf?: string | null | undefined;
  key: string;
  after?: string | null | undefined;
  findingsAfter?: string | null | undefined;
}>;


export type FigureRecordsQuery = { disasterAnnouncement: { asOf: string, figure: { key: string, section: AnnouncementSection, item: string, itemEn: string, amountFen: string, count: number | null, organisation: { id: string, name: string } | null, flows: { edges: Array<{ node: { amountFen: string, flow: { id: string, stage: FlowStage, form: FlowForm, amountFen: string, reverses: string | null, description: string, occurredAt: string, payerName: string | null, payeeName: string | null, allocationId: string | null, projectId: string | null, payer: { id: string, name: string } | null, payee: { id: string, name: string } | null } } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } }, findings: { edges: Array<{ node: { findingId: string, type: string, amountFen: string, count: number } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null } | null };

export type FlowSummaryFragment = { id: string, stage: FlowStage, form: FlowForm, amountFen: string, reverses: string | null, description: string, occurredAt: string, payerName: string | null, payeeName: string | null, allocationId: string | null, projectId: string | null, payer: { id: string, name: string } | null, payee: { id: string, name: string } | null };

export type FundFlowsQueryVariables = Exact<{
  fundId: string | number;
  stage?: FlowStage | null | undefined;
  after?: string | null | undefined;
}>;


export type FundFlowsQuery = { fundTrace: { raisedFen: string, allocatedFen: string, disbursedFen: string, usedFen: string, fund: { id: string, name: string } | null, flows: { edges: Array<{ node: { id: string, stage: FlowStage, form: FlowForm, amountFen: string, reverses: string | null, description: string, occurredAt: string, payerName: string | null, payeeName: string | null, allocationId: string | null, projectId: string | null, sources: Array<{ flowId: string, amountFen: string }>, payer: { id: string, name: string } | null, payee: { id: string, name: string } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type FlowTraceQueryVariables = Exact<{
  id: string | number;
  usesAfter?: string | null | undefined;
}>;


export type FlowTraceQuery = { flow: { id: string, stage: FlowStage, form: FlowForm, amountFen: string, reverses: string | null, description: string, occurredAt: string, payerName: string | null, payeeName: string | null, allocationId: string | null, projectId: string | null, fund: { id: string, name: string } | null, goodsOutcomes: { balanced: boolean, received: { quantity: number, valueFen: string }, onHand: { quantity: number, valueFen: string }, inTransit: { quantity: number, valueFen: string }, dispatched: { quantity: number, valueFen: string }, used: { quantity: number, valueFen: string }, distributed: { quantity: number, valueFen: string }, writtenOff: { quantity: number, valueFen: string }, lost: { quantity: number, valueFen: string }, adjusted: { quantity: number, valueFen: string }, onHandByPoint: Array<{ quantity: number, valueFen: string, reservePoint: { id: string, name: string } | null }>, usedByShelter: Array<{ quantity: number, valueFen: string, shelter: { id: string, name: string } | null }>, lots: Array<{ id: string, itemCode: string, sourceKind: GoodsSourceKind, fromLotId: string | null }> } | null, origins: Array<{ contributionId: string, amountFen: string, flow: { id: string, stage: FlowStage, form: FlowForm, amountFen: string, reverses: string | null, description: string, occurredAt: string, payerName: string | null, payeeName: string | null, allocationId: string | null, projectId: string | null, payer: { id: string, name: string } | null, payee: { id: string, name: string } | null } | null }>, sources: Array<{ flowId: string, amountFen: string, flow: { id: string, stage: FlowStage, form: FlowForm, amountFen: string, reverses: string | null, description: string, occurredAt: string, payerName: string | null, payeeName: string | null, allocationId: string | null, projectId: string | null, payer: { id: string, name: string } | null, payee: { id: string, name: string } | null } | null }>, contributionUses: { edges: Array<{ node: { stage: FlowStage, reversal: boolean, amountFen: string, flow: { id: string, stage: FlowStage, form: FlowForm, amountFen: string, reverses: string | null, description: string, occurredAt: string, payerName: string | null, payeeName: string | null, allocationId: string | null, projectId: string | null, payer: { id: string, name: string } | null, payee: { id: string, name: string } | null } } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } }, payer: { id: string, name: string } | null, payee: { id: string, name: string } | null } | null };

export type AnomaliesQueryVariables = Exact<{
  filter?: AnomalyFilter | null | undefined;
  after?: string | null | undefined;
}>;


export type AnomaliesQuery = { anomalies: { edges: Array<{ node: { id: string, ruleKey: string, status: AnomalyStatus, fundId: string | null, regionCode: string, amountFen: string, summary: string, detectedAt: string, decidedAt: string | null, dismissedReason: string | null, findingId: string | null, evidence: Array<{ kind: string, id: string, note: string, flow: { id: string, payer: { id: string, name: string } | null, payee: { id: string, name: string } | null } | null }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type AnomalyDetailFragment = { id: string, ruleKey: string, status: AnomalyStatus, fundId: string | null, regionCode: string, amountFen: string, summary: string, detectedAt: string, decidedAt: string | null, dismissedReason: string | null, findingId: string | null, evidence: Array<{ kind: string, id: string, note: string, flow: { id: string, payer: { id: string, name: string } | null, payee: { id: string, name: string } | null } | null }> };

export type DismissAnomalyMutationVariables = Exact<{
  input: DismissAnomalyInput;
}>;


export type DismissAnomalyMutation = { dismissAnomaly: { id: string, ruleKey: string, status: AnomalyStatus, fundId: string | null, regionCode: string, amountFen: string, summary: string, detectedAt: string, decidedAt: string | null, dismissedReason: string | null, findingId: string | null, evidence: Array<{ kind: string, id: string, note: string, flow: { id: string, payer: { id: string, name: string } | null, payee: { id: string, name: string } | null } | null }> } };

export type FindingsQueryVariables = Exact<{
  filter?: AuditFindingFilter | null | undefined;
  after?: string | null | undefined;
}>;


export type FindingsQuery = { auditFindings: { edges: Array<{ node: { id: string, type: AuditFindingType, title: string, status: AuditFindingStatus, regionCode: string, amountFen: string, recoveredFen: string, savedFen: string, issuedOn: string | null, responseDueOn: string | null, response: string | null, rectificationState: AuditRectificationState | null, anomalyIds: Array<string>, recoveryFlowIds: Array<string>, auditedOrganisation: { id: string, name: string } | null, rectification: { rectifyBy: string | null, verifiedOn: string | null, overdue: Array<string>, items: Array<{ id: string, text: string, dueOn: string, state: AuditRectificationState | null, overdue: boolean }> } } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type IncidentSummaryQueryVariables = Exact<{
  id: string | number;
}>;


export type IncidentSummaryQuery = { incident: { id: string, title: string, regionCode: string, funds: Array<{ id: string, name: string }> } | null };

export type EngagementsQueryVariables = Exact<{
  incidentId: string | number;
}>;


export type EngagementsQuery = { auditEngagements: { edges: Array<{ node: { id: string, title: string, stage: AuditEngagementStage } }> } };

export type RecordFindingMutationVariables = Exact<{
  input: RecordAuditFindingInput;
}>;


export type RecordFindingMutation = { recordAuditFinding: { id: string, status: AuditFindingStatus } };

export type GoodsAmountsFragment = { quantity: number, valueFen: string };

export type GoodsSummaryFragment = { balanced: boolean, received: { quantity: number, valueFen: string }, onHand: { quantity: number, valueFen: string }, inTransit: { quantity: number, valueFen: string }, dispatched: { quantity: number, valueFen: string }, used: { quantity: number, valueFen: string }, distributed: { quantity: number, valueFen: string }, writtenOff: { quantity: number, valueFen: string }, lost: { quantity: number, valueFen: string }, adjusted: { quantity: number, valueFen: string }, onHandByPoint: Array<{ quantity: number, valueFen: string, reservePoint: { id: string, name: string } | null }>, usedByShelter: Array<{ quantity: number, valueFen: string, shelter: { id: string, name: string } | null }>, lots: Array<{ id: string, itemCode: string, sourceKind: GoodsSourceKind, fromLotId: string | null }> };

export type LotTraceQueryVariables = Exact<{
  id: string | number;
}>;


export type LotTraceQuery = { goodsTrace: { sourceKind: GoodsSourceKind, procurementId: string | null, allocationId: string | null, contributionId: string | null, lot: { id: string, itemCode: string, regionCode: string, unitValueFen: string, expiresOn: string | null }, paidBy: Array<{ contributionId: string, amountFen: string }>, outcomes: { balanced: boolean, received: { quantity: number, valueFen: string }, onHand: { quantity: number, valueFen: string }, inTransit: { quantity: number, valueFen: string }, dispatched: { quantity: number, valueFen: string }, used: { quantity: number, valueFen: string }, distributed: { quantity: number, valueFen: string }, writtenOff: { quantity: number, valueFen: string }, lost: { quantity: number, valueFen: string }, adjusted: { quantity: number, valueFen: string }, onHandByPoint: Array<{ quantity: number, valueFen: string, reservePoint: { id: string, name: string } | null }>, usedByShelter: Array<{ quantity: number, valueFen: string, shelter: { id: string, name: string } | null }>, lots: Array<{ id: string, itemCode: string, sourceKind: GoodsSourceKind, fromLotId: string | null }> } } | null };

export type ContributionFlowQueryVariables = Exact<{
  id: string | number;
}>;


export type ContributionFlowQuery = { flow: { id: string, stage: FlowStage, form: FlowForm, amountFen: string, reverses: string | null, description: string, occurredAt: string, payerName: string | null, payeeName: string | null, allocationId: string | null, projectId: string | null, payer: { id: string, name: string } | null, payee: { id: string, name: string } | null } | null };

export type ProjectPaymentsQueryVariables = Exact<{
  id: string | number;
}>;


export type ProjectPaymentsQuery = { reconstructionProject: { id: string, name: string, regionCode: string, paidFen: string, payments: Array<{ id: string, amountFen: string, netFen: string, paidOn: string, voucherNumber: string, refunds: Array<{ id: string, amountFen: string }> }> } | null };

export type FlowOriginsQueryVariables = Exact<{
  id: string | number;
}>;


export type FlowOriginsQuery = { flow: { id: string, reverses: string | null, origins: Array<{ contributionId: string, amountFen: string, flow: { id: string, stage: FlowStage, form: FlowForm, amountFen: string, reverses: string | null, description: string, occurredAt: string, payerName: string | null, payeeName: string | null, allocationId: string | null, projectId: string | null, payer: { id: string, name: string } | null, payee: { id: string, name: string } | null } | null }> } | null };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const FlowSummaryFragmentDoc = new TypedDocumentString(`
    fragment FlowSummary on Flow {
  id
  stage
  form
  amountFen
  reverses
  description
  occurredAt
  payerName
  payeeName
  payer {
    id
    name
  }
  payee {
    id
    name
  }
  allocationId
  projectId
}
    `, {"fragmentName":"FlowSummary"}) as unknown as TypedDocumentString<FlowSummaryFragment, unknown>;
export const AnomalyDetailFragmentDoc = new TypedDocumentString(`
    fragment AnomalyDetail on Anomaly {
  id
  ruleKey
  status
  fundId
  regionCode
  amountFen
  summary
  detectedAt
  decidedAt
  dismissedReason
  findingId
  evidence {
    kind
    id
    note
    flow {
      id
      payer {
        id
        name
      }
      payee {
        id
        name
      }
    }
  }
}
    `, {"fragmentName":"AnomalyDetail"}) as unknown as TypedDocumentString<AnomalyDetailFragment, unknown>;
export const GoodsAmountsFragmentDoc = new TypedDocumentString(`
    fragment GoodsAmounts on GoodsAmount {
  quantity
  valueFen
}
    `, {"fragmentName":"GoodsAmounts"}) as unknown as TypedDocumentString<GoodsAmountsFragment, unknown>;
export const GoodsSummaryFragmentDoc = new TypedDocumentString(`
    fragment GoodsSummary on GoodsOutcomes {
  received {
    ...GoodsAmounts
  }
  onHand {
    ...GoodsAmounts
  }
  inTransit {
    ...GoodsAmounts
  }
  dispatched {
    ...GoodsAmounts
  }
  used {
    ...GoodsAmounts
  }
  distributed {
    ...GoodsAmounts
  }
  writtenOff {
    ...GoodsAmounts
  }
  lost {
    ...GoodsAmounts
  }
  adjusted {
    ...GoodsAmounts
  }
  balanced
  onHandByPoint {
    reservePoint {
      id
      name
    }
    quantity
    valueFen
  }
  usedByShelter {
    shelter {
      id
      name
    }
    quantity
    valueFen
  }
  lots {
    id
    itemCode
    sourceKind
    fromLotId
  }
}
    fragment GoodsAmounts on GoodsAmount {
  quantity
  valueFen
}`, {"fragmentName":"GoodsSummary"}) as unknown as TypedDocumentString<GoodsSummaryFragment, unknown>;
export const IncidentsDocument = new TypedDocumentString(`
    query Incidents($after: String) {
  incidents(first: 50, after: $after) {
    edges {
      node {
        id
        title
        regionCode
        occurredAt
        funds {
          id
          name
        }
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<IncidentsQuery, IncidentsQueryVariables>;
export const AnnouncementDocument = new TypedDocumentString(`
    query Announcement($incidentId: ID!, $asOf: DateTime) {
  disasterAnnouncement(incidentId: $incidentId, asOf: $asOf) {
    asOf
    incident {
      id
      title
    }
    figures {
      key
      section
      item
      itemEn
      organisation {
        id
        name
      }
      amountFen
      count
    }
  }
}
    `) as unknown as TypedDocumentString<AnnouncementQuery, AnnouncementQueryVariables>;
export const FigureRecordsDocument = new TypedDocumentString(`
    query FigureRecords($incidentId: ID!, $asOf: DateTime, $key: String!, $after: String, $findingsAfter: String) {
  disasterAnnouncement(incidentId: $incidentId, asOf: $asOf) {
    asOf
    figure(key: $key) {
      key
      section
      item
      itemEn
      organisation {
        id
        name
      }
      amountFen
      count
      flows(first: 100, after: $after) {
        edges {
          node {
            amountFen
            flow {
              ...FlowSummary
            }
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
      findings(first: 100, after: $findingsAfter) {
        edges {
          node {
            findingId
            type
            amountFen
            count
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
}
    fragment FlowSummary on Flow {
  id
  stage
  form
  amountFen
  reverses
  description
  occurredAt
  payerName
  payeeName
  payer {
    id
    name
  }
  payee {
    id
    name
  }
  allocationId
  projectId
}`) as unknown as TypedDocumentString<FigureRecordsQuery, FigureRecordsQueryVariables>;
export const FundFlowsDocument = new TypedDocumentString(`
    query FundFlows($fundId: ID!, $stage: FlowStage, $after: String) {
  fundTrace(fundId: $fundId) {
    fund {
      id
      name
    }
    raisedFen
    allocatedFen
    disbursedFen
    usedFen
    flows(stage: $stage, first: 100, after: $after) {
      edges {
        node {
          ...FlowSummary
          sources {
            flowId
            amountFen
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
    fragment FlowSummary on Flow {
  id
  stage
  form
  amountFen
  reverses
  description
  occurredAt
  payerName
  payeeName
  payer {
    id
    name
  }
  payee {
    id
    name
  }
  allocationId
  projectId
}`) as unknown as TypedDocumentString<FundFlowsQuery, FundFlowsQueryVariables>;
export const FlowTraceDocument = new TypedDocumentString(`
    query FlowTrace($id: ID!, $usesAfter: String) {
  flow(id: $id) {
    ...FlowSummary
    fund {
      id
      name
    }
    goodsOutcomes {
      ...GoodsSummary
    }
    origins {
      contributionId
      amountFen
      flow {
        ...FlowSummary
      }
    }
    sources {
      flowId
      amountFen
      flow {
        ...FlowSummary
      }
    }
    contributionUses(first: 100, after: $usesAfter) {
      edges {
        node {
          stage
          reversal
          amountFen
          flow {
            ...FlowSummary
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
    fragment FlowSummary on Flow {
  id
  stage
  form
  amountFen
  reverses
  description
  occurredAt
  payerName
  payeeName
  payer {
    id
    name
  }
  payee {
    id
    name
  }
  allocationId
  projectId
}
fragment GoodsAmounts on GoodsAmount {
  quantity
  valueFen
}
fragment GoodsSummary on GoodsOutcomes {
  received {
    ...GoodsAmounts
  }
  onHand {
    ...GoodsAmounts
  }
  inTransit {
    ...GoodsAmounts
  }
  dispatched {
    ...GoodsAmounts
  }
  used {
    ...GoodsAmounts
  }
  distributed {
    ...GoodsAmounts
  }
  writtenOff {
    ...GoodsAmounts
  }
  lost {
    ...GoodsAmounts
  }
  adjusted {
    ...GoodsAmounts
  }
  balanced
  onHandByPoint {
    reservePoint {
      id
      name
    }
    quantity
    valueFen
  }
  usedByShelter {
    shelter {
      id
      name
    }
    quantity
    valueFen
  }
  lots {
    id
    itemCode
    sourceKind
    fromLotId
  }
}`) as unknown as TypedDocumentString<FlowTraceQuery, FlowTraceQueryVariables>;
export const AnomaliesDocument = new TypedDocumentString(`
    query Anomalies($filter: AnomalyFilter, $after: String) {
  anomalies(filter: $filter, first: 50, after: $after) {
    edges {
      node {
        ...AnomalyDetail
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    fragment AnomalyDetail on Anomaly {
  id
  ruleKey
  status
  fundId
  regionCode
  amountFen
  summary
  detectedAt
  decidedAt
  dismissedReason
  findingId
  evidence {
    kind
    id
    note
    flow {
      id
      payer {
        id
        name
      }
      payee {
        id
        name
      }
    }
  }
}`) as unknown as TypedDocumentString<AnomaliesQuery, AnomaliesQueryVariables>;
export const DismissAnomalyDocument = new TypedDocumentString(`
    mutation DismissAnomaly($input: DismissAnomalyInput!) {
  dismissAnomaly(input: $input) {
    ...AnomalyDetail
  }
}
    fragment AnomalyDetail on Anomaly {
  id
  ruleKey
  status
  fundId
  regionCode
  amountFen
  summary
  detectedAt
  decidedAt
  dismissedReason
  findingId
  evidence {
    kind
    id
    note
    flow {
      id
      payer {
        id
        name
      }
      payee {
        id
        name
      }
    }
  }
}`) as unknown as TypedDocumentString<DismissAnomalyMutation, DismissAnomalyMutationVariables>;
export const FindingsDocument = new TypedDocumentString(`
    query Findings($filter: AuditFindingFilter, $after: String) {
  auditFindings(filter: $filter, first: 50, after: $after) {
    edges {
      node {
        id
        type
        title
        status
        regionCode
        amountFen
        recoveredFen
        savedFen
        auditedOrganisation {
          id
          name
        }
        issuedOn
        responseDueOn
        response
        rectificationState
        anomalyIds
        recoveryFlowIds
        rectification {
          rectifyBy
          verifiedOn
          overdue
          items {
            id
            text
            dueOn
            state
            overdue
          }
        }
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<FindingsQuery, FindingsQueryVariables>;
export const IncidentSummaryDocument = new TypedDocumentString(`
    query IncidentSummary($id: ID!) {
  incident(id: $id) {
    id
    title
    regionCode
    funds {
      id
      name
    }
  }
}
    `) as unknown as TypedDocumentString<IncidentSummaryQuery, IncidentSummaryQueryVariables>;
export const EngagementsDocument = new TypedDocumentString(`
    query Engagements($incidentId: ID!) {
  auditEngagements(filter: {incidentId: $incidentId}, first: 50) {
    edges {
      node {
        id
        title
        stage
      }
    }
  }
}
    `) as unknown as TypedDocumentString<EngagementsQuery, EngagementsQueryVariables>;
export const RecordFindingDocument = new TypedDocumentString(`
    mutation RecordFinding($input: RecordAuditFindingInput!) {
  recordAuditFinding(input: $input) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<RecordFindingMutation, RecordFindingMutationVariables>;
export const LotTraceDocument = new TypedDocumentString(`
    query LotTrace($id: ID!) {
  goodsTrace(lotId: $id) {
    lot {
      id
      itemCode
      regionCode
      unitValueFen
      expiresOn
    }
    sourceKind
    procurementId
    allocationId
    contributionId
    paidBy {
      contributionId
      amountFen
    }
    outcomes {
      ...GoodsSummary
    }
  }
}
    fragment GoodsAmounts on GoodsAmount {
  quantity
  valueFen
}
fragment GoodsSummary on GoodsOutcomes {
  received {
    ...GoodsAmounts
  }
  onHand {
    ...GoodsAmounts
  }
  inTransit {
    ...GoodsAmounts
  }
  dispatched {
    ...GoodsAmounts
  }
  used {
    ...GoodsAmounts
  }
  distributed {
    ...GoodsAmounts
  }
  writtenOff {
    ...GoodsAmounts
  }
  lost {
    ...GoodsAmounts
  }
  adjusted {
    ...GoodsAmounts
  }
  balanced
  onHandByPoint {
    reservePoint {
      id
      name
    }
    quantity
    valueFen
  }
  usedByShelter {
    shelter {
      id
      name
    }
    quantity
    valueFen
  }
  lots {
    id
    itemCode
    sourceKind
    fromLotId
  }
}`) as unknown as TypedDocumentString<LotTraceQuery, LotTraceQueryVariables>;
export const ContributionFlowDocument = new TypedDocumentString(`
    query ContributionFlow($id: ID!) {
  flow(id: $id) {
    ...FlowSummary
  }
}
    fragment FlowSummary on Flow {
  id
  stage
  form
  amountFen
  reverses
  description
  occurredAt
  payerName
  payeeName
  payer {
    id
    name
  }
  payee {
    id
    name
  }
  allocationId
  projectId
}`) as unknown as TypedDocumentString<ContributionFlowQuery, ContributionFlowQueryVariables>;
export const ProjectPaymentsDocument = new TypedDocumentString(`
    query ProjectPayments($id: ID!) {
  reconstructionProject(id: $id) {
    id
    name
    regionCode
    paidFen
    payments {
      id
      amountFen
      netFen
      paidOn
      voucherNumber
      refunds {
        id
        amountFen
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ProjectPaymentsQuery, ProjectPaymentsQueryVariables>;
export const FlowOriginsDocument = new TypedDocumentString(`
    query FlowOrigins($id: ID!) {
  flow(id: $id) {
    id
    reverses
    origins {
      contributionId
      amountFen
      flow {
        ...FlowSummary
      }
    }
  }
}
    fragment FlowSummary on Flow {
  id
  stage
  form
  amountFen
  reverses
  description
  occurredAt
  payerName
  payeeName
  payer {
    id
    name
  }
  payee {
    id
    name
  }
  allocationId
  projectId
}`) as unknown as TypedDocumentString<FlowOriginsQuery, FlowOriginsQueryVariables>;
/**
 * The audit follow-up's shared vocabulary (docs/adr/0031-the-audit-follow-up-from-anomaly-to-announcement.md):
 * anomalies flagged by rules, findings of an audit engagement, their rectification, and the announcement that
 * reports them. The tables are created by migration 1797100000000 and written in SQL by the anomaly, finding and
 * announcement features.
 */

/** What became of an anomaly: open, dismissed with a reason, or turned into a finding. Nothing is deleted. */
export const ANOMALY_STATUSES = ['OPEN', 'DISMISSED', 'FINDING'] as const;
export type AnomalyStatus = (typeof ANOMALY_STATUSES)[number];

/**
 * The problem types of findings, as the National Audit Office's announcements and the relief regulations name them
 * (DOMAIN_FACTS §4.4); the announcement counts problems by these.
 */
export const FINDING_TYPES = {
  MISAPPROPRIATION: '截留、挪用、私分',
  DIVERSION: '擅自改变用途',
  FALSE_CLAIMS: '虚报冒领、骗取',
  FAKE_INVOICES: '虚开发票套取资金',
  IDLE_FUNDS: '资金闲置',
  OVER_STANDARD: '超标准支出',
  DUPLICATE_PAYMENT: '重复支付',
  LATE_DISBURSEMENT: '拨付不及时',
  UNBOOKED_GOODS: '物资未入账',
  MIXED_ACCOUNTS: '专项资金与经费混账',
  MISSTATED_DONATIONS: '捐赠统计不规范',
  UNFAIR_DISTRIBUTION: '分配不公、重复发放',
  PROJECT_MANAGEMENT: '项目管理与工程质量',
  OTHER: '其他',
} as const;
export type FindingType = keyof typeof FINDING_TYPES;

/** The stages of an audit engagement (a tracking audit runs alongside the money it follows). */
export const ENGAGEMENT_STAGES = ['PLANNED', 'FIELDWORK', 'REPORTED', 'FOLLOW_UP', 'CLOSED'] as const;
export type EngagementStage = (typeof ENGAGEMENT_STAGES)[number];

/**
 * Where a finding stands: drafted by the team, issued to the audited unit (its written response due within the
 * rules' days), answered, under rectification, closed by verification.
 */
export const FINDING_STATUSES = ['DRAFT', 'ISSUED', 'RESPONDED', 'RECTIFYING', 'CLOSED'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

/** A rectification item's state (DOMAIN_FACTS §4.5): evidence sufficient, ongoing for cause, or not rectified. */
export const RECTIFICATION_STATES = ['RECTIFIED', 'CONTINUING', 'NOT_RECTIFIED'] as const;
export type RectificationState = (typeof RECTIFICATION_STATES)[number];

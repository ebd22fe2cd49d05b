import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { DemonstrationSiteStatus } from './demonstration-site.entity';

export const INSPECTION_RESULTS = ['PASSED', 'RECTIFICATION_REQUIRED', 'FAILED'] as const;
export type InspectionResult = (typeof INSPECTION_RESULTS)[number];

@Entity('demonstration_site_inspection')
export class DemonstrationSiteInspectionEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'site_id' })
  siteId!: string;

  /** 1 for the site's first inspection, then 2, 3, ...: the order they were recorded in, under the site's lock. */
  @Column('integer')
  number!: number;

  /** YYYY-MM-DD. */
  @Column('date', { name: 'inspected_on' })
  inspectedOn!: string;

  @Column('uuid', { name: 'inspector_id' })
  inspectorId!: string;

  @Column('text')
  result!: InspectionResult;

  @Column('text')
  findings!: string;

  /** Set exactly when the result is RECTIFICATION_REQUIRED; after inspectedOn. */
  @Column('date', { name: 'rectification_due_on', nullable: true })
  rectificationDueOn!: string | null;

  @Column('text', { name: 'status_before' })
  statusBefore!: DemonstrationSiteStatus;

  @Column('text', { name: 'status_after' })
  statusAfter!: DemonstrationSiteStatus;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}

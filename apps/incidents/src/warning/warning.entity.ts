import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { EmergencyCategory } from '@emergency/domain';
import type { CapMsgType, WarningLevel, WarningStatus } from './warning-rules';

/** A warning (预警) as it stands: its current level and contents and whether it is ACTIVE or LIFTED. */
@Entity('warning')
export class WarningEntity {
  @PrimaryColumn('uuid')
  id!: string;

  /** The identifier of its first message, which names the warning for good. */
  @Column('text')
  identifier!: string;

  @Column('uuid', { name: 'incident_id', nullable: true })
  incidentId!: string | null;

  @Column('text')
  category!: EmergencyCategory;

  @Column('text')
  subcategory!: string;

  @Column('text')
  level!: WarningLevel;

  @Column('text')
  status!: WarningStatus;

  @Column('uuid', { name: 'issuing_organisation_id' })
  issuingOrganisationId!: string;

  /** The issuing organisation's name when it issued the warning: CAP's senderName. */
  @Column('text', { name: 'issuing_organisation_name' })
  issuingOrganisationName!: string;

  @Column('text', { name: 'region_code' })
  regionCode!: string;

  @Column('text', { name: 'area_description' })
  areaDescription!: string;

  @Column('text')
  headline!: string;

  @Column('text')
  description!: string;

  @Column('text')
  instruction!: string;

  @Column('timestamptz')
  onset!: Date;

  @Column('timestamptz', { nullable: true })
  expires!: Date | null;

  @Column('timestamptz', { name: 'issued_at' })
  issuedAt!: Date;

  @Column('timestamptz', { name: 'lifted_at', nullable: true })
  liftedAt!: Date | null;

  /** How many messages it has had: the newest is this number. */
  @Column('int', { name: 'message_count' })
  messageCount!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** One message of a warning (append-only): the first Alert, each Update and the Cancel, with its CAP document. */
@Entity('warning_message')
export class WarningMessageEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'warning_id' })
  warningId!: string;

  /** 1 for the first message, then 2, 3, ... */
  @Column('int')
  sequence!: number;

  @Column('text')
  identifier!: string;

  @Column('text', { name: 'region_code' })
  regionCode!: string;

  @Column('text', { name: 'msg_type' })
  msgType!: CapMsgType;

  @Column('text')
  level!: WarningLevel;

  @Column('timestamptz', { name: 'sent_at' })
  sentAt!: Date;

  /** The identifier of the message it supersedes; null for the first. */
  @Column('text', { name: 'references_identifier', nullable: true })
  referencesIdentifier!: string | null;

  /** Why it was changed or lifted; null for the first. */
  @Column('text', { nullable: true })
  reason!: string | null;

  @Column('text', { name: 'cap_xml' })
  capXml!: string;
}

import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export const PERSON_STATUSES = ['ACTIVE', 'LEFT'] as const;
export type PersonStatus = (typeof PERSON_STATUSES)[number];

@Entity('person')
export class PersonEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  @Column('uuid', { name: 'organisation_id' })
  organisationId!: string;

  /** The organisation's region, kept on the row so jurisdiction filters need no join (regions never change). */
  @Column('text', { name: 'region_code' })
  regionCode!: string;

  /** The person's post (职务) in the organisation. */
  @Column('text', { nullable: true })
  post!: string | null;

  /** Personal data: masked for callers who may not see it. */
  @Column('text', { nullable: true })
  phone!: string | null;

  /** Personal data: the resident identity number, unique when present. */
  @Column('text', { name: 'id_number', nullable: true })
  idNumber!: string | null;

  @Column('text')
  status!: PersonStatus;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

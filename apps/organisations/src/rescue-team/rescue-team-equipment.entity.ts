import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One line of a team's equipment list; the list is always replaced as a whole. */
@Entity('rescue_team_equipment')
export class RescueTeamEquipmentEntity {
  @PrimaryColumn('uuid', { name: 'team_id' })
  teamId!: string;

  /** Where the item stands in the list as it was given. */
  @PrimaryColumn('integer')
  position!: number;

  @Column('text')
  name!: string;

  @Column('integer')
  quantity!: number;

  /** The unit the quantity counts: 艘 (boats), 台 (machines), 套 (sets), 件 (pieces). */
  @Column('text')
  unit!: string;

  @Column('text', { nullable: true })
  notes!: string | null;
}

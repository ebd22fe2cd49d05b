import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ReserveLevel } from './reserve-point.entity';

/** PostgreSQL's numeric comes back as a string. */
const decimal = {
  to: (value: number | null) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

/**
 * The delivery target of a reserve level in a jurisdiction (first batch within so many hours of the 调拨指令) and
 * the road-speed factor that turns a straight-line distance into an estimated travel time. The longest region
 * prefix with rules wins, as a whole set.
 */
@Entity('reserve_delivery_rule')
export class DeliveryRuleEntity {
  /** '' national, else a region's 2, 4 or 6 leading digits. */
  @PrimaryColumn('text', { name: 'region_prefix' })
  regionPrefix!: string;

  @PrimaryColumn('text')
  level!: ReserveLevel;

  /** Null: no target for the level in this jurisdiction. */
  @Column('numeric', {
    name: 'first_batch_hours',
    precision: 6,
    scale: 2,
    nullable: true,
    transformer: decimal,
  })
  firstBatchHours!: number | null;

  /** Kilometres of straight-line distance covered per hour on the road. */
  @Column('numeric', { name: 'road_speed_kmh', precision: 6, scale: 2, transformer: decimal })
  roadSpeedKmh!: number;

  /** Where the target comes from. */
  @Column('text')
  source!: string;

  /** Where the road-speed factor comes from (the system's own default unless a jurisdiction set its own). */
  @Column('text', { name: 'road_speed_source' })
  roadSpeedSource!: string;
}

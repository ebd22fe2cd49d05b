import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { LotExpired, LotNearExpiry, StockBelowMinimum } from '@emergency/contracts';
import { transaction } from '@emergency/database';
import { chinaDateOf } from '@emergency/domain';
import { Outbox } from '@emergency/events';
import { ScheduledScan } from '@emergency/subgraph';
import type { StockLotEntity } from './stock.entity';
import { StockRepository } from './stock.repository';

/**
 * The stock alerts as events, each once: lots with goods on hand expiring within their jurisdiction's near-expiry
 * days (LotNearExpiry), lots past their expiry (LotExpired), and items below their minimum at a reserve point
 * (StockBelowMinimum; a breach is forgotten once the stock is back at its minimum, so the next one is announced).
 * Each row is claimed by an UPDATE in the same transaction as its event.
 */
@Injectable()
export class StockAlertScan extends ScheduledScan {
  protected readonly scanName = 'stock alerts';

  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: StockRepository,
    private readonly outbox: Outbox,
  ) {
    super();
  }

  async scan(now: Date): Promise<number> {
    const context = { correlationId: randomUUID() };
    const today = chinaDateOf(now);
    return transaction(this.dataSource, async (manager) => {
      const near = await this.repository.claimNearExpiry(manager, today, now);
      const expired = await this.repository.claimExpired(manager, today, now);
      const lots = await this.repository.lotsOf(manager, [...near.map((n) => n.id), ...expired]);
      const expiry = (lot: StockLotEntity) => ({
        lotId: lot.id,
        reservePointId: lot.reservePointId,
        regionCode: lot.regionCode,
        itemCode: lot.itemCode,
        quantityOnHand: lot.quantityOnHand,
        valueFen: (BigInt(lot.quantityOnHand) * lot.unitValueFen).toString(),
        expiresOn: lot.expiresOn!,
        detectedAt: now.toISOString(),
      });
      for (const { id, days } of near) {
        const lot = lots.find((l) => l.id === id)!;
        await this.outbox.publish(manager, LotNearExpiry, id, { ...expiry(lot), withinDays: days }, context);
      }
      for (const id of expired) {
        const lot = lots.find((l) => l.id === id)!;
        await this.outbox.publish(manager, LotExpired, id, expiry(lot), context);
      }
      await this.repository.clearRestored(manager);
      const breaches = await this.repository.claimBreaches(manager, now);
      for (const b of breaches)
        await this.outbox.publish(
          manager,
          StockBelowMinimum,
          b.reservePointId,
          { ...b, detectedAt: now.toISOString() },
          context,
        );
      return near.length + expired.length + breaches.length;
    });
  }
}

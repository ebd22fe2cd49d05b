import { Injectable } from '@nestjs/common';
import {
  StockAdjusted,
  StockArrived,
  StockIssued,
  StockReceived,
  StockShipped,
  StockTransferred,
} from '@emergency/contracts';
import { on } from '@emergency/events';
import type { EventProjector } from '@emergency/subgraph';
import {
  factsOfAdjusted,
  factsOfArrived,
  factsOfIssued,
  factsOfReceived,
  factsOfShipped,
  factsOfTransferred,
} from './goods-book';
import { GoodsService } from './goods.service';

/**
 * Follows goods as the ledger follows money: every stock event of the supplies service becomes the audit's lots and
 * movements, each movement once (by its journal id), whatever order a lot's events arrive in.
 */
@Injectable()
export class GoodsMovementProjector implements EventProjector {
  readonly domains = ['supplies'];

  constructor(private readonly goods: GoodsService) {}

  bindings() {
    return [
      on(StockReceived, (event, manager) => this.goods.record(manager, event, factsOfReceived(event.data))),
      on(StockIssued, (event, manager) => this.goods.record(manager, event, factsOfIssued(event.data))),
      on(StockTransferred, (event, manager) =>
        this.goods.record(manager, event, factsOfTransferred(event.data)),
      ),
      on(StockShipped, (event, manager) => this.goods.record(manager, event, factsOfShipped(event.data))),
      on(StockArrived, (event, manager) => this.goods.record(manager, event, factsOfArrived(event.data))),
      on(StockAdjusted, (event, manager) => this.goods.record(manager, event, factsOfAdjusted(event.data))),
    ];
  }
}

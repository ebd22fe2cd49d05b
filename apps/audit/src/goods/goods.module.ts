import { Module } from '@nestjs/common';
import { GoodsRepository } from './goods.repository';
import {
  GoodsAtPointResolver,
  GoodsAtShelterResolver,
  GoodsOfSourceResolver,
  GoodsQueryResolver,
  GoodsTotalsResolver,
  GoodsTraceResolver,
  FlowGoodsResolver,
} from './goods.resolver';
import { GoodsService } from './goods.service';

@Module({
  providers: [
    GoodsRepository,
    GoodsService,
    GoodsQueryResolver,
    GoodsOfSourceResolver,
    GoodsAtShelterResolver,
    GoodsAtPointResolver,
    GoodsTotalsResolver,
    GoodsTraceResolver,
    FlowGoodsResolver,
  ],
})
export class GoodsModule {}

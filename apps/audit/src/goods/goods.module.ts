import { Module } from '@nestjs/common';
import { GoodsRepository } from './goods.repository';
import {
  GoodsOfSourceResolver,
  GoodsQueryResolver,
  GoodsTotalsResolver,
  GoodsTraceResolver,
} from './goods.resolver';
import { GoodsService } from './goods.service';

@Module({
  providers: [
    GoodsRepository,
    GoodsService,
    GoodsQueryResolver,
    GoodsOfSourceResolver,
    GoodsTotalsResolver,
    GoodsTraceResolver,
  ],
})
export class GoodsModule {}

import { defineFeature } from '@emergency/subgraph';
import { FollowGoods1797080000000 } from '../migrations/1797080000000-FollowGoods';
import { PostGoodsToTheLedger1797160000000 } from '../migrations/1797160000000-PostGoodsToTheLedger';
import { KeepLotExpiryWithTheLot1797161000000 } from '../migrations/1797161000000-KeepLotExpiryWithTheLot';
import { GoodsModule } from './goods.module';
import { GoodsMovementProjector } from './goods.projector';

export const GOODS_FEATURE = defineFeature({
  module: GoodsModule,
  // Lots and movements are written and read in SQL, as the ledger's flows are.
  entities: [],
  migrations: [
    FollowGoods1797080000000,
    PostGoodsToTheLedger1797160000000,
    KeepLotExpiryWithTheLot1797161000000,
  ],
  // Records every stock event of the supplies topic as the audit's lots and movements, and books them in the ledger.
  projectors: [GoodsMovementProjector],
});

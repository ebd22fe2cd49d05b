import { defineFeature } from '@emergency/subgraph';
import { ReceiveDonatedGoods1797071000000 } from '../migrations/1797071000000-ReceiveDonatedGoods';
import {
  DonationReceiptEntity,
  DonationReceiptLineEntity,
  KnownDonationEntity,
  KnownDonationLineEntity,
} from './donation.entity';
import { DonationModule } from './donation.module';
import { DonationProjector } from './donation.projector';

/** Goods given in kind, learned from the incidents topic and received into stock as DONATION lots. */
export const DONATION_FEATURE = defineFeature({
  module: DonationModule,
  entities: [KnownDonationEntity, KnownDonationLineEntity, DonationReceiptEntity, DonationReceiptLineEntity],
  migrations: [ReceiveDonatedGoods1797071000000],
  projectors: [DonationProjector],
});

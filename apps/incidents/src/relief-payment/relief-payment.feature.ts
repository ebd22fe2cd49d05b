import { defineFeature } from '@emergency/subgraph';
import {
  ReliefPaymentEntity,
  ReliefPaymentItemEntity,
  ReliefPaymentOriginEntity,
  VillageReliefPublicationEntity,
} from './relief-payment.entity';
import { ReliefPaymentModule } from './relief-payment.module';

// Its tables are created by the reconstruction project feature's migration, TrackProjectsAndReliefPayments.
export const RELIEF_PAYMENT_FEATURE = defineFeature({
  module: ReliefPaymentModule,
  entities: [
    ReliefPaymentEntity,
    ReliefPaymentItemEntity,
    ReliefPaymentOriginEntity,
    VillageReliefPublicationEntity,
  ],
  migrations: [],
});

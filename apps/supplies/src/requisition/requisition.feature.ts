import { defineFeature } from '@emergency/subgraph';
import { RecordRequisitions1797060000000 } from '../migrations/1797060000000-RecordRequisitions';
import {
  PropertyRequisitionEntity,
  StockRequisitionEntity,
  StockRequisitionOwnerEntity,
  StockRequisitionRepaymentEntity,
} from './requisition.entity';
import { RequisitionModule } from './requisition.module';

/** Requisitions (征用): lower-level stock taken by a higher level and repaid; private property requisitioned (after stock and allocations). */
export const REQUISITION_FEATURE = defineFeature({
  module: RequisitionModule,
  entities: [
    StockRequisitionEntity,
    StockRequisitionOwnerEntity,
    StockRequisitionRepaymentEntity,
    PropertyRequisitionEntity,
  ],
  migrations: [RecordRequisitions1797060000000],
});

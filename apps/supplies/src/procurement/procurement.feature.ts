import { defineFeature } from '@emergency/subgraph';
import { CreateSupplies1763856300000 } from '../migrations/1763856300000-CreateSupplies';
import { PayProcurementsFromAllocations1796740000000 } from '../migrations/1796740000000-PayProcurementsFromAllocations';
import { NameProcurementItems1797070000000 } from '../migrations/1797070000000-NameProcurementItems';
import {
  ProcurementEntity,
  ProcurementInvoiceEntity,
  ProcurementPaymentEntity,
  ProcurementPaymentOriginEntity,
  ProcurementRefundEntity,
  ProcurementRefundOriginEntity,
} from './procurement.entity';
import { ProcurementModule } from './procurement.module';

export const PROCUREMENT_FEATURE = defineFeature({
  module: ProcurementModule,
  entities: [
    ProcurementEntity,
    ProcurementPaymentEntity,
    ProcurementPaymentOriginEntity,
    ProcurementRefundEntity,
    ProcurementRefundOriginEntity,
    ProcurementInvoiceEntity,
  ],
  // Creates the procurement table and, for the allocation feature, the known_allocation table it references; then
  // the payments, refunds, invoices and acceptance of procurements, and the contributions of known allocations; then
  // the catalogue item a procurement buys (after the catalogue and stock lots, migrations 1797000000000 and
  // 1797020000000).
  migrations: [
    CreateSupplies1763856300000,
    PayProcurementsFromAllocations1796740000000,
    NameProcurementItems1797070000000,
  ],
});

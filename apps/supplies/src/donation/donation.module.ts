import { Module } from '@nestjs/common';
import { KnownAllocationModule } from '../allocation/known-allocation.module';
import { StockModule } from '../stock/stock.module';
import { DonationRepository } from './donation.repository';
import { DonatedGoodsResolver, DonationReceiptResolver, StockLotDonationResolver } from './donation.resolver';
import { DonationService } from './donation.service';

/** Goods given in kind: received into stock through the journal, and followed from their donors. */
@Module({
  imports: [KnownAllocationModule, StockModule],
  providers: [
    DonationRepository,
    DonationService,
    DonatedGoodsResolver,
    DonationReceiptResolver,
    StockLotDonationResolver,
  ],
})
export class DonationModule {}

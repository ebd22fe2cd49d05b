import { Module } from '@nestjs/common';
import { readSubgraphSdl } from '@emergency/graphql';
import { SubgraphModule } from '@emergency/subgraph';
import { ALLOCATION_FEATURE } from './allocation/allocation.feature';
import { DISPATCH_FEATURE } from './dispatch/dispatch.feature';
import { DONATION_FEATURE } from './donation/donation.feature';
import { PROCUREMENT_FEATURE } from './procurement/procurement.feature';
import { RESERVE_FEATURE } from './reserve/reserve.feature';
import { REQUISITION_FEATURE } from './requisition/requisition.feature';
import { SHELTER_COST_FEATURE } from './shelter/shelter-cost.feature';
import { SHELTER_FEATURE } from './shelter/shelter.feature';
import { STOCK_FEATURE } from './stock/stock.feature';

export const SERVICE = 'supplies';
export const DEFAULT_PORT = 4003;

@Module({
  imports: [
    SubgraphModule.forRoot({
      service: SERVICE,
      defaultPort: DEFAULT_PORT,
      sdl: readSubgraphSdl(__dirname),
      features: [
        ALLOCATION_FEATURE,
        PROCUREMENT_FEATURE,
        RESERVE_FEATURE,
        STOCK_FEATURE,
        SHELTER_FEATURE,
        SHELTER_COST_FEATURE,
        DISPATCH_FEATURE,
        REQUISITION_FEATURE,
        DONATION_FEATURE,
      ],
      // A procurement's payer is an organisation: checked against what the organisations topic said.
      knownOrganisations: true,
    }),
  ],
})
export class AppModule {}

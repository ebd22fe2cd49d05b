import { Module } from '@nestjs/common';
import { readSubgraphSdl } from '@emergency/graphql';
import { SubgraphModule } from '@emergency/subgraph';
import { MoneyFlowProjector } from './events/money-flow.projector';
import { LedgerModule } from './ledger/ledger.module';
import { CreateAuditLedger1763856500000 } from './migrations/1763856500000-CreateAuditLedger';

export const SERVICE = 'audit';
export const DEFAULT_PORT = 4005;

@Module({
  imports: [
    SubgraphModule.forRoot({
      service: SERVICE,
      defaultPort: DEFAULT_PORT,
      sdl: readSubgraphSdl(__dirname),
      // The ledger is written and read in SQL: append-only rows, no entity lifecycle to map.
      entities: [],
      migrations: [CreateAuditLedger1763856500000],
      projectors: [MoneyFlowProjector],
    }),
    LedgerModule,
  ],
})
export class AppModule {}

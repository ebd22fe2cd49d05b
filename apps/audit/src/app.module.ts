import { Module } from '@nestjs/common';
import { readSubgraphSdl } from '@emergency/graphql';
import { SubgraphModule } from '@emergency/subgraph';
import { ANNOUNCEMENT_FEATURE } from './announcement/announcement.feature';
import { ANOMALY_FEATURE } from './anomaly/anomaly.feature';
import { FINDING_FEATURE } from './finding/finding.feature';
import { GOODS_FEATURE } from './goods/goods.feature';
import { LEDGER_FEATURE } from './ledger/ledger.feature';

export const SERVICE = 'audit';
export const DEFAULT_PORT = 4005;

@Module({
  imports: [
    SubgraphModule.forRoot({
      service: SERVICE,
      defaultPort: DEFAULT_PORT,
      sdl: readSubgraphSdl(__dirname),
      features: [LEDGER_FEATURE, GOODS_FEATURE, ANOMALY_FEATURE, FINDING_FEATURE, ANNOUNCEMENT_FEATURE],
    }),
  ],
})
export class AppModule {}

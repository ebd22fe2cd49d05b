import { defineFeature } from '@emergency/subgraph';
import { FlagAnomalies1797110000000 } from '../migrations/1797110000000-FlagAnomalies';
import { AnomalyFactsProjector } from './anomaly-facts.projector';
import { AnomalyModule } from './anomaly.module';

export const ANOMALY_FEATURE = defineFeature({
  module: AnomalyModule,
  // Anomalies and their rules are written and read in SQL, as the ledger's flows are.
  entities: [],
  migrations: [FlagAnomalies1797110000000],
  // Organisations dissolved and the expiry of goods received, which the rules on them need.
  projectors: [AnomalyFactsProjector],
});

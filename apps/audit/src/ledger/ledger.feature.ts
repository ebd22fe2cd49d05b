import { defineFeature } from '@emergency/subgraph';
import { MoneyFlowProjector } from './money-flow.projector';
import { CreateAuditLedger1763856500000 } from '../migrations/1763856500000-CreateAuditLedger';
import { IndexLedgerEntriesByFlow1796500000000 } from '../migrations/1796500000000-IndexLedgerEntriesByFlow';
import { FollowEveryMovement1796750000000 } from '../migrations/1796750000000-FollowEveryMovement';
import { FollowUpAudits1797100000000 } from '../migrations/1797100000000-FollowUpAudits';
import { BreakDownFundFigures1797140000000 } from '../migrations/1797140000000-BreakDownFundFigures';
import { KeepContributionsAndAllocationsOnce1797150000000 } from '../migrations/1797150000000-KeepContributionsAndAllocationsOnce';
import { CheckFundsInTheDatabase1797170000000 } from '../migrations/1797170000000-CheckFundsInTheDatabase';
import { LedgerModule } from './ledger.module';

export const LEDGER_FEATURE = defineFeature({
  module: LedgerModule,
  // The ledger is written and read in SQL: append-only rows, no entity lifecycle to map.
  entities: [],
  migrations: [
    CreateAuditLedger1763856500000,
    IndexLedgerEntriesByFlow1796500000000,
    FollowEveryMovement1796750000000,
    // The follow-up's shared tables (anomalies, engagements, findings, recommendations; src/follow-up/), which the
    // anomaly, finding and announcement features write and read.
    FollowUpAudits1797100000000,
    // The figures by incident, region, receiving organisation and source kind, and the balance by status.
    BreakDownFundFigures1797140000000,
    // What the breakdown, the anomaly rules and the announcement read of each contribution and allocation, once.
    KeepContributionsAndAllocationsOnce1797150000000,
    // The indexes the reconciliation's statements read a fund's reversals and its books' balance by.
    CheckFundsInTheDatabase1797170000000,
  ],
  // Records every money event of the incidents and supplies topics as ledger flows, with the facts of each
  // contribution and allocation they name.
  projectors: [MoneyFlowProjector],
});

import { Module } from '@nestjs/common';
import { readSubgraphSdl } from '@emergency/graphql';
import { SubgraphModule } from '@emergency/subgraph';
import { RECONSTRUCTION_FUND_FEATURE } from './reconstruction-fund/reconstruction-fund.feature';
import { SUPPLIES_SPENDING_FEATURE } from './reconstruction-fund/supplies-spending.feature';
import { INCIDENT_FEATURE } from './incident/incident.feature';
import { RECONSTRUCTION_PROJECT_FEATURE } from './reconstruction-project/reconstruction-project.feature';
import { REPORT_FEATURE } from './report/report.feature';
import { RELIEF_PAYMENT_FEATURE } from './relief-payment/relief-payment.feature';
import { WARNING_FEATURE } from './warning/warning.feature';
import { INVESTIGATION_FEATURE } from './investigation/investigation.feature';
import { ZERO_REPORT_FEATURE } from './zero-report/zero-report.feature';
import { INSTRUCTION_FEATURE } from './instruction/instruction.feature';
import { SITUATION_REPORT_FEATURE } from './situation-report/situation-report.feature';

export const SERVICE = 'incidents';
export const DEFAULT_PORT = 4004;

@Module({
  imports: [
    SubgraphModule.forRoot({
      service: SERVICE,
      defaultPort: DEFAULT_PORT,
      sdl: readSubgraphSdl(__dirname),
      features: [
        INCIDENT_FEATURE,
        RECONSTRUCTION_FUND_FEATURE,
        RECONSTRUCTION_PROJECT_FEATURE,
        RELIEF_PAYMENT_FEATURE,
        SUPPLIES_SPENDING_FEATURE,
        REPORT_FEATURE,
        WARNING_FEATURE,
        INVESTIGATION_FEATURE,
        ZERO_REPORT_FEATURE,
        INSTRUCTION_FEATURE,
        SITUATION_REPORT_FEATURE,
      ],
      // Funds, contributions and allocations name organisations: checked against what the organisations topic said.
      knownOrganisations: true,
    }),
  ],
})
export class AppModule {}

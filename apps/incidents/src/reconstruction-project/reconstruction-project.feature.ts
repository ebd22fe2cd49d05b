import { defineFeature } from '@emergency/subgraph';
import { TrackProjectsAndReliefPayments1796730000000 } from '../migrations/1796730000000-TrackProjectsAndReliefPayments';
import { ProjectContractEntity } from './project-contract.entity';
import {
  ProjectPaymentEntity,
  ProjectPaymentOriginEntity,
  ProjectRefundEntity,
} from './project-payment.entity';
import { ProjectProgressEntity } from './project-progress.entity';
import { ReconstructionProjectModule } from './reconstruction-project.module';

// The reconstruction_project table and its entity come with the fund feature, whose allocations refer to it; this
// feature's migration adds the rest, and the relief payments' tables with them (the relief feature follows it).
export const RECONSTRUCTION_PROJECT_FEATURE = defineFeature({
  module: ReconstructionProjectModule,
  entities: [
    ProjectContractEntity,
    ProjectProgressEntity,
    ProjectPaymentEntity,
    ProjectPaymentOriginEntity,
    ProjectRefundEntity,
  ],
  migrations: [TrackProjectsAndReliefPayments1796730000000],
});

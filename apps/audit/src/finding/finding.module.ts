import { Module } from '@nestjs/common';
import { FindingDeadlineScan } from './finding-deadline.scan';
import { FindingRepository } from './finding.repository';
import {
  AuditEngagementResolver,
  AuditFindingResolver,
  AuditRectificationResolver,
  FindingMutationResolver,
  FindingQueryResolver,
  RectificationItemResolver,
} from './finding.resolver';
import { FindingService } from './finding.service';

@Module({
  providers: [
    FindingRepository,
    FindingService,
    FindingDeadlineScan,
    FindingQueryResolver,
    FindingMutationResolver,
    AuditEngagementResolver,
    AuditFindingResolver,
    AuditRectificationResolver,
    RectificationItemResolver,
  ],
})
export class FindingModule {}

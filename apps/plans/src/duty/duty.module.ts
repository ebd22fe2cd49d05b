import { Module } from '@nestjs/common';
import { DutyCoverageIndicator } from './duty-coverage.indicator';

@Module({ providers: [DutyCoverageIndicator] })
export class DutyModule {}

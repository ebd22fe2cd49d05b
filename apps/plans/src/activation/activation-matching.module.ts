import { Module } from '@nestjs/common';
import { ActivationMatcher } from './activation-matcher';
import { ActivationRepository } from './activation.repository';

/**
 * Matching plans to incidents, without the projectors: the plan lifecycle imports it to start a plan issued while an
 * incident's response is in force (`ActivationMatcher.planChanged` in its issuing write).
 */
@Module({
  providers: [ActivationRepository, ActivationMatcher],
  exports: [ActivationRepository, ActivationMatcher],
})
export class ActivationMatchingModule {}

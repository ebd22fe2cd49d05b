import { defineFeature } from '@emergency/subgraph';
import { ComplianceIndicatorsModule } from './compliance-indicator';

/** The registry every feature's compliance indicators join; listed before the features that register. */
export const COMPLIANCE_INDICATORS_FEATURE = defineFeature({ module: ComplianceIndicatorsModule });

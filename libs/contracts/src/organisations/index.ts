import { LEADING_GROUP_CONTRACTS } from './leading-group';
import { DUTY_CONTRACTS } from './duty';
import { RESCUE_TEAM_CONTRACTS } from './rescue-team';
import { GRID_CONTRACTS } from './grid';
import { EXPERT_CONTRACTS } from './expert';
import { TRAINING_CONTRACTS } from './training';
import { DEMONSTRATION_SITE_CONTRACTS } from './demonstration-site';
import { ORGANISATION_CONTRACTS } from './organisation';
import { PERSON_CONTRACTS } from './person';

export * from './organisation';
export * from './person';
export * from './leading-group';
export * from './duty';
export * from './rescue-team';
export * from './grid';
export * from './expert';
export * from './training';
export * from './demonstration-site';

/** Every event the organisations service publishes, by feature. */
export const ORGANISATIONS_CONTRACTS = [
  ...ORGANISATION_CONTRACTS,
  ...PERSON_CONTRACTS,
  ...LEADING_GROUP_CONTRACTS,
  ...DUTY_CONTRACTS,
  ...RESCUE_TEAM_CONTRACTS,
  ...GRID_CONTRACTS,
  ...EXPERT_CONTRACTS,
  ...TRAINING_CONTRACTS,
  ...DEMONSTRATION_SITE_CONTRACTS,
];

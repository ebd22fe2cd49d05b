import { badInput } from '@emergency/graphql';
import { EXPERT_FIELDS, type ExpertField } from './expert.entity';
import { ExpertErrorCode, ExpertException } from './expert.exception';

/**
 * The fields of expertise as stored: at least one, each known, without repeats, in {@link EXPERT_FIELDS} order,
 * so equal sets compare equal whatever order they were sent in.
 */
export function expertiseOf(fields: readonly string[], field: string): ExpertField[] {
  const unknown = fields.find((f) => !(EXPERT_FIELDS as readonly string[]).includes(f));
  if (unknown !== undefined) throw badInput(`unknown field of expertise ${unknown}`, field);
  const chosen = EXPERT_FIELDS.filter((f) => fields.includes(f));
  if (chosen.length === 0) {
    throw new ExpertException(
      ExpertErrorCode.ExpertiseRequired,
      'an expert needs at least one field of expertise (FLOOD_CONTROL, GEOLOGICAL_HAZARDS, MEDICAL_RESCUE, ...)',
      { field },
    );
  }
  return chosen;
}

/** A withdrawal date no earlier than the admission it ends. */
export function checkWithdrawal(withdrawnOn: string, admittedOn: string, field: string): string {
  if (withdrawnOn < admittedOn) {
    throw new ExpertException(
      ExpertErrorCode.WithdrawalBeforeAdmission,
      `${field} ${withdrawnOn} is before the expert was admitted on ${admittedOn}`,
      { field },
    );
  }
  return withdrawnOn;
}

import { badInput, optionalText, requiredText } from '@emergency/graphql';
import { RESCUE_SPECIALTIES, type RescueSpecialty } from './rescue-team.entity';
import type { RescueTeamMembershipEntity } from './rescue-team-membership.entity';
import { RescueTeamErrorCode, RescueTeamException } from './rescue-team.exception';

/** The declared headcount (编制人数): a whole number of people, at least one. */
export function checkHeadcount(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new RescueTeamException(
      RescueTeamErrorCode.InvalidHeadcount,
      `${field} must be a whole number of people, at least 1 (got ${value})`,
      { field },
    );
  }
  return value;
}

/** The specialties as a set: known values only, each once, in the order of RESCUE_SPECIALTIES. */
export function specialtySet(values: readonly string[], field: string): RescueSpecialty[] {
  const unknown = values.find((v) => !(RESCUE_SPECIALTIES as readonly string[]).includes(v));
  if (unknown !== undefined) throw badInput(`unknown specialty ${unknown}`, field);
  return RESCUE_SPECIALTIES.filter((s) => values.includes(s));
}

export interface EquipmentItem {
  name: string;
  quantity: number;
  unit: string;
  notes: string | null;
}

export interface EquipmentItemInput {
  name: string;
  quantity: number;
  unit: string;
  notes?: string | null;
}

/** A team's list is entered by hand; beyond this it is an inventory system's job, not the team register's. */
export const MAX_EQUIPMENT_ITEMS = 200;

/**
 * The equipment list as stored: trimmed texts, whole positive quantities, each name once (whatever its case), in
 * the order given. Errors name the offending item, e.g. `items[2].quantity`.
 */
export function equipmentList(items: readonly EquipmentItemInput[], field = 'items'): EquipmentItem[] {
  if (items.length > MAX_EQUIPMENT_ITEMS) {
    throw badInput(`at most ${MAX_EQUIPMENT_ITEMS} equipment items (got ${items.length})`, field);
  }
  const seen = new Map<string, number>();
  return items.map((item, i) => {
    const at = `${field}[${i}]`;
    const name = requiredText(item.name, `${at}.name`, 100);
    const key = name.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) {
      throw new RescueTeamException(
        RescueTeamErrorCode.DuplicateEquipmentName,
        `${name} is listed twice (items ${first} and ${i}); give its total quantity once`,
        { field: `${at}.name` },
      );
    }
    seen.set(key, i);
    if (!Number.isInteger(item.quantity) || item.quantity < 1) {
      throw new RescueTeamException(
        RescueTeamErrorCode.InvalidEquipmentQuantity,
        `${at}.quantity must be a whole number, at least 1 (got ${item.quantity})`,
        { field: `${at}.quantity` },
      );
    }
    return {
      name,
      quantity: item.quantity,
      unit: requiredText(item.unit, `${at}.unit`, 20),
      notes: optionalText(item.notes, `${at}.notes`, 500),
    };
  });
}

/** Whether two equipment lists say the same, item for item. */
export function sameEquipment(a: readonly EquipmentItem[], b: readonly EquipmentItem[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (item, i) =>
        item.name === b[i]!.name &&
        item.quantity === b[i]!.quantity &&
        item.unit === b[i]!.unit &&
        item.notes === b[i]!.notes,
    )
  );
}

/**
 * Where a membership stands in a team's roster: the captain, deputy captains, members, then former members.
 * The repository orders by the same rank in SQL.
 */
export function membershipRank(m: Pick<RescueTeamMembershipEntity, 'role' | 'leftOn'>): number {
  if (m.leftOn !== null) return 3;
  switch (m.role) {
    case 'CAPTAIN':
      return 0;
    case 'DEPUTY_CAPTAIN':
      return 1;
    case 'MEMBER':
      return 2;
  }
}

/** Rosters are listed by rank, then joining date, then id. */
export const membershipKey = (m: RescueTeamMembershipEntity) => [String(membershipRank(m)), m.joinedOn, m.id];

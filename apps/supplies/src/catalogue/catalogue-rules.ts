/**
 * GB/T 38565-2020 §5.2: a code of four layers and seven digits (1 + 2 + 2 + 2). Layer 1 is 1 basic living supplies,
 * 2 emergency equipment and supporting supplies, 3 engineering materials and machinery; layers 2 to 4 run 01 to 99,
 * and 99 at a layer is its catch-all (收容类目).
 */
export const TOP_CLASSES = ['1', '2', '3'] as const;
export const CATCH_ALL = '99';

/** The four layers of a well-formed code. */
export interface SupplyCodeLayers {
  top: string;
  middle: string;
  small: string;
  fine: string;
}

/** Why a code is not a catalogue code, or null when it is well formed. */
export function supplyCodeProblem(code: string): string | null {
  if (!/^[0-9]{7}$/.test(code)) return 'a catalogue code is 7 digits (1 + 2 + 2 + 2)';
  if (!(TOP_CLASSES as readonly string[]).includes(code[0]!))
    return 'layer 1 is 1 (basic living), 2 (equipment) or 3 (engineering materials)';
  const { middle, small, fine } = layersOf(code);
  if ([middle, small, fine].includes('00')) return 'layers 2 to 4 run from 01 to 99';
  if (middle === CATCH_ALL && small !== CATCH_ALL)
    return 'below a catch-all layer (99) the layers are catch-alls too: after 99 comes 99';
  return null;
}

export function layersOf(code: string): SupplyCodeLayers {
  return { top: code.slice(0, 1), middle: code.slice(1, 3), small: code.slice(3, 5), fine: code.slice(5, 7) };
}

/**
 * The class an item's code must belong to, as a 1-, 3- or 5-digit prefix: its 5-digit small class; but a catch-all
 * layer stands for "other" within its parent, so X99 99 zz needs only the top class X, and XYY 99 zz only XYY.
 */
export function requiredClassOf(code: string): string {
  const { middle, small } = layersOf(code);
  if (middle === CATCH_ALL) return code.slice(0, 1);
  if (small === CATCH_ALL) return code.slice(0, 3);
  return code.slice(0, 5);
}

/** The class codes a parent's children have: the top classes under none, 3 digits under 1, 5 under 3. */
export function childClassLength(parent: string | null): number | null {
  if (parent === null || parent === '') return 1;
  if (parent.length === 1) return 3;
  if (parent.length === 3) return 5;
  return null;
}

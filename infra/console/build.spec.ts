import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../supergraph/compose';
import { BUNDLE_BUDGET_KIB, buildConsole, overBudget } from './build';

describe('the console’s build', () => {
  const out = mkdtempSync(join(tmpdir(), 'console-build-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('bundles everything it loads into one script and one stylesheet, within the budget the README states', async () => {
    const built = await buildConsole(out);
    expect(overBudget(built)).toEqual([]);
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(html).toContain('src="./console.js"');
    // Nothing from another origin: no URL in the page or the script that a browser would fetch.
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(readFileSync(join(out, 'console.js'), 'utf8')).not.toMatch(/import\(["']https?:/);
    const readme = readFileSync(join(repoRoot(), 'README.md'), 'utf8');
    expect(readme).toContain(`**${BUNDLE_BUDGET_KIB.script} KiB** of script`);
    expect(readme).toContain(`**${BUNDLE_BUDGET_KIB.stylesheet} KiB** of stylesheet`);
  });

  it('overruns its budget when the bundle grows past it', () => {
    const over = overBudget({
      dir: out,
      scriptGzip: (BUNDLE_BUDGET_KIB.script + 1) * 1024,
      stylesheetGzip: 0,
    });
    expect(over).toEqual([expect.stringContaining('over its')]);
  });
});

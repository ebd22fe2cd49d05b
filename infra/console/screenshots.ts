import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { devToken } from '../dev/token';
import { repoRoot } from '../supergraph/compose';

/**
 * `npm run screenshots`: pictures of the console's main views on the demo data, as an auditor of the province sees
 * them, into docs/screenshots/. Needs `npm start` running (CONSOLE_URL, default http://localhost:4100/) and Debian's
 * chromium (CHROMIUM_PATH) with a Chinese font (fonts-noto-cjk).
 */
const CONSOLE_URL = process.env.CONSOLE_URL ?? 'http://localhost:4100/';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUT = join(repoRoot(), 'docs/screenshots');

interface Incidents {
  data: { incidents: { edges: { node: { id: string; title: string } }[] } };
}

async function main() {
  const token = await devToken(['--role', 'auditor']);
  const response = await fetch(new URL('graphql', CONSOLE_URL), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: '{ incidents(first: 20) { edges { node { id title } } } }' }),
  });
  const { data } = (await response.json()) as Incidents;
  const flood = data.incidents.edges.find((e) => e.node.title.startsWith('Ju River flood'))?.node.id;
  if (!flood) throw new Error('the demo flood is not there: start the system with `npm start` first');

  mkdirSync(OUT, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox'] });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
  await page.addInitScript((value) => sessionStorage.setItem('console.token', value), token);
  const views: [string, string][] = [
    ['announcement', `#/incident/${flood}`],
    ['figure', `#/incident/${flood}/figure/raised.donation`],
    ['money-flow', `#/incident/${flood}/flows`],
    ['anomalies', `#/incident/${flood}/anomalies`],
    ['findings', `#/incident/${flood}/findings`],
  ];
  for (const [name, hash] of views) {
    await page.goto(new URL(hash, CONSOLE_URL).toString());
    await page.waitForSelector('main :is(table, .cards)');
    await page.waitForFunction(() => !document.querySelector('[role=status]'));
    await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: name !== 'money-flow' });
    console.log(`docs/screenshots/${name}.png`);
  }
  // A trace: the first project payment listed on the money flow's page, followed back to its contributions.
  await page.goto(new URL(`#/incident/${flood}/flows`, CONSOLE_URL).toString());
  await page.waitForSelector('svg path');
  await page.click(`table >> nth=0 >> tbody tr:has-text("Changjiang")`);
  await page.click('.table >> nth=1 >> tbody tr >> nth=0 >> a');
  await page.waitForSelector('h3 + div svg, h3 + .table');
  await page.waitForFunction(() => !document.querySelector('[role=status]'));
  await page.screenshot({ path: join(OUT, 'trace.png'), fullPage: true });
  console.log('docs/screenshots/trace.png');
  await browser.close();
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});

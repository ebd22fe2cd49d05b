import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { identities, userToken } from '@emergency/testing';
import { loadDemoData } from '../../../infra/dev/demo-data';
import { buildConsole } from '../../../infra/console/build';
import { serveConsole, type ConsoleServer } from '../../../infra/console/serve';
import { startSystem, type TestSystem } from '../../gateway/test/system';
import { parseCsv } from '../src/csv';
import { yuan } from '../src/format';
import { MESSAGES } from '../src/i18n';

const t = MESSAGES['zh-CN'];
/** Debian's chromium, or the one CHROMIUM_PATH names. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** "1,234.56" (or "-1,234.56") as fen. */
const fenOf = (shown: string) => {
  const match = /^(-?)([\d,]+)\.(\d\d)$/.exec(shown.trim());
  if (!match) throw new Error(`not an amount in yuan: "${shown}"`);
  const fen = BigInt(match[2].replace(/,/g, '') + match[3]);
  return match[1] ? -fen : fen;
};

/**
 * The auditor console in a real headless Chromium, on the demo data of the whole system, served as `npm start`
 * serves it: what an auditor sees is what the API says, to the fen.
 */
describe('the auditor console', () => {
  let system: TestSystem;
  let server: ConsoleServer;
  let browser: Browser;
  let outDir: string;
  let auditor: string;
  let incidentId: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium`);
    outDir = mkdtempSync(join(tmpdir(), 'console-'));
    const [started] = await Promise.all([startSystem({ REGION_DATA_SCOPE: '420000' }), buildConsole(outDir)]);
    system = started;
    expect(await loadDemoData(system.gateway.url, system.admin, userToken)).toBe(true);
    server = await serveConsole({ gatewayUrl: new URL(system.gateway.url).origin, dir: outDir });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox'] });
    auditor = await userToken(identities.auditor());
    const { incidents } = await system.call<{
      incidents: { edges: { node: { id: string; title: string } }[] };
    }>(`{ incidents(first: 20) { edges { node { id title } } } }`, {}, auditor);
    incidentId = incidents.edges.find((e) => e.node.title.startsWith('Ju River flood'))!.node.id;
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await system?.stop();
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  /** A page signed in with `token`, at `hash`, once it has stopped loading. */
  async function open(hash: string, token = auditor): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('pageerror', (error) => {
      throw error;
    });
    await page.addInitScript((value) => sessionStorage.setItem('console.token', value), token);
    await page.goto(`${server.url}${hash}`);
    await page.waitForSelector('main :is(table, .cards, p:not([role=status]))');
    await page.waitForFunction(() => !document.querySelector('[role=status]'));
    return page;
  }

  const cells = (page: Page, table: string, column: number) =>
    page.$$eval(`${table} tbody tr`, (rows, i) => rows.map((r) => r.children[i]?.textContent ?? ''), column);

  interface Figure {
    key: string;
    amountFen: string;
  }
  const announcement = () =>
    system.call<{ disasterAnnouncement: { figures: Figure[] } }>(
      `query($id: ID!) { disasterAnnouncement(incidentId: $id) { figures { key amountFen } } }`,
      { id: incidentId },
      auditor,
    );

  it('signs in with a token and shows the announcement table’s every figure as the API gives it', async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.fill('#token', auditor);
    await page.click('button[type=submit]');
    await page.waitForSelector('table');
    await page.goto(`${server.url}#/incident/${incidentId}`);
    await page.waitForSelector('a[data-figure="raised.total"]');
    const shown = await page.$$eval('a[data-figure]', (links) =>
      links.map((a) => [a.getAttribute('data-figure'), a.textContent]),
    );
    const { disasterAnnouncement } = await announcement();
    expect(shown).toEqual(disasterAnnouncement.figures.map((f) => [f.key, yuan(f.amountFen)]));
    expect(shown.find(([key]) => key === 'raised.total')?.[1]).toBe('109,130,000.00');
    await page.close();
  });

  it('lists, on a click on a figure, the flows behind it, which add up to it', async () => {
    const page = await open(`#/incident/${incidentId}`);
    for (const key of ['raised.donation.channel.DOMESTIC', 'spent.disbursed.use.RECONSTRUCTION']) {
      await page.click(`a[data-figure="${key}"]`);
      await page.waitForSelector('[data-testid=figure-check]');
      const amounts = (await cells(page, 'table', 5)).map(fenOf);
      const figure = (await announcement()).disasterAnnouncement.figures.find((f) => f.key === key)!;
      expect(amounts.length).toBeGreaterThan(0);
      expect(amounts.reduce((a, b) => a + b, 0n)).toBe(BigInt(figure.amountFen));
      expect(await page.textContent('[data-testid=figure-check]')).toContain(t.matches);
      await page.goBack();
      await page.waitForSelector(`a[data-figure="${key}"]`);
    }
    await page.close();
  });

  it('draws the fund’s money as bands that add up to its raised, allocated and disbursed totals', async () => {
    const page = await open(`#/incident/${incidentId}/flows`);
    await page.waitForSelector('svg path');
    const stages = await cells(page, 'table', 0);
    const amounts = (await cells(page, 'table', 3)).map(fenOf);
    const byStage = (stage: string) =>
      stages.reduce((sum, s, i) => (s === t.stageName[stage] ? sum + amounts[i] : sum), 0n);
    const { fundTraces } = await system.call<{
      fundTraces: { edges: { node: { raisedFen: string; allocatedFen: string; disbursedFen: string } }[] };
    }>(`{ fundTraces(first: 1) { edges { node { raisedFen allocatedFen disbursedFen } } } }`, {}, auditor);
    const fund = fundTraces.edges[0].node;
    expect(byStage('RAISED')).toBe(BigInt(fund.raisedFen));
    expect(byStage('ALLOCATED')).toBe(BigInt(fund.allocatedFen));
    expect(byStage('DISBURSED')).toBe(BigInt(fund.disbursedFen));
    expect(byStage('RAISED') - byStage('ALLOCATED')).toBe(byStage('UNALLOCATED'));

    // Choosing a band lists its flows.
    const band = stages.indexOf(t.stageName.DISBURSED);
    await page.click(`table >> nth=0 >> tbody tr >> nth=${band}`);
    await page.waitForSelector(`h3:has-text("${t.bandFlows}")`);
    const listed = await page.$$eval('.table', (tables) => tables[1].querySelectorAll('tbody tr').length);
    expect(String(listed)).toBe((await cells(page, 'table', 4))[band]);
    await page.close();
  });

  it('traces a project payment back to the contributions that paid it, to the fen', async () => {
    const { fundTraces } = await system.call<{
      fundTraces: {
        edges: {
          node: {
            flows: {
              edges: {
                node: {
                  id: string;
                  amountFen: string;
                  projectId: string | null;
                  origins: {
                    amountFen: string;
                    flow: { payer: { name: string } | null; payerName: string | null };
                  }[];
                };
              }[];
            };
          };
        }[];
      };
    }>(
      `{ fundTraces(first: 1) { edges { node { flows(stage: DISBURSED, first: 100) { edges { node {
          id amountFen projectId origins { amountFen flow { payer { name } payerName } } } } } } } } }`,
      {},
      auditor,
    );
    const payment = fundTraces.edges[0].node.flows.edges
      .map((e) => e.node)
      .find((f) => f.projectId && f.origins.length > 1)!;
    const page = await open(`#/flow/${payment.id}`);
    const contributors = await cells(page, 'table', 0);
    const amounts = (await cells(page, 'table', 2)).map(fenOf);
    expect(amounts.reduce((a, b) => a + b, 0n)).toBe(BigInt(payment.amountFen));
    expect(amounts).toEqual(payment.origins.map((o) => BigInt(o.amountFen)));
    payment.origins.forEach((o, i) =>
      expect(contributors[i].startsWith(o.flow.payer?.name ?? o.flow.payerName ?? '')).toBe(true),
    );
    await page.close();
  });

  it('exports a table to CSV exactly as it shows it', async () => {
    const page = await open(`#/incident/${incidentId}`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click(`.table >> nth=0 >> button:has-text("${t.exportCsv}")`),
    ]);
    const csv = parseCsv(readFileSync((await download.path())!, 'utf8').replace(/^\ufeff/, ''));
    const shown = await page.$eval('.table table', (table) =>
      [...table.querySelectorAll('tr')].map((row) => [...row.children].map((cell) => cell.textContent ?? '')),
    );
    expect(csv).toEqual(shown);
    expect(csv.length).toBeGreaterThan(5);
    await page.close();
  });

  it('shows a county auditor only its county', async () => {
    const county = await userToken(identities.auditor('421121'));
    const page = await open('#/', county);
    const { incidents } = await system.call<{ incidents: { edges: { node: { regionCode: string } }[] } }>(
      `{ incidents(first: 50) { edges { node { regionCode } } } }`,
      {},
      county,
    );
    const regions = incidents.edges.map((e) => e.node.regionCode);
    expect(regions.every((r) => r.startsWith('421121'))).toBe(true);
    const shown = await cells(page, 'table', 1);
    expect(shown.filter((r) => r !== t.nothing)).toEqual(regions);
    await page.close();

    // The prefecture's flood is not the county's to see, even by its URL.
    const flood = await open(`#/incident/${incidentId}`, county);
    expect(await flood.textContent('main')).toContain(t.nothing);
    expect(await flood.$('a[data-figure]')).toBeNull();
    await flood.close();
  });

  it('has no serious accessibility violations on its main views', async () => {
    const axe = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
    for (const hash of [
      '#/',
      `#/incident/${incidentId}`,
      `#/incident/${incidentId}/flows`,
      `#/incident/${incidentId}/anomalies`,
      `#/incident/${incidentId}/findings`,
    ]) {
      const page = await open(hash);
      await page.addScriptTag({ content: axe });
      const violations = await page.evaluate(async () => {
        const result = await (
          window as unknown as {
            axe: { run: () => Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> };
          }
        ).axe.run();
        return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
      });
      expect({
        hash,
        serious: violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'),
      }).toEqual({
        hash,
        serious: [],
      });
      await page.close();
    }
  });
});

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { eventually, identities, userToken } from '@emergency/testing';
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
  async function open(hash: string, token = auditor, { bypassCSP = false } = {}): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, bypassCSP });
    page.on('pageerror', (error) => {
      throw error;
    });
    await page.addInitScript((value) => sessionStorage.setItem('console.token', value), token);
    await page.goto(`${server.url}${hash}`);
    await page.waitForSelector('main :is(table, .cards, p:not([role=status]))');
    await page.waitForFunction(() => !document.querySelector('[role=status]'));
    return page;
  }

  /** The text of column `column` of a table (the first on the page, or the one exported as `table`), row by row. */
  const cells = (page: Page, column: number, table?: string) =>
    (table ? page.locator(`[data-table="${table}"] table`) : page.locator('table').first())
      .locator('tbody tr:not(.empty)')
      .evaluateAll((rows, i) => rows.map((r) => r.children[i]?.textContent ?? ''), column);

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
      const amounts = (await cells(page, 5)).map(fenOf);
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
    const stages = await cells(page, 0);
    const amounts = (await cells(page, 3)).map(fenOf);
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
    expect(String(listed)).toBe((await cells(page, 4))[band]);
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
    const contributors = await cells(page, 0);
    const amounts = (await cells(page, 2)).map(fenOf);
    expect(amounts.reduce((a, b) => a + b, 0n)).toBe(BigInt(payment.amountFen));
    expect(amounts).toEqual(payment.origins.map((o) => BigInt(o.amountFen)));
    payment.origins.forEach((o, i) =>
      expect(contributors[i].startsWith(o.flow.payer?.name ?? o.flow.payerName ?? '')).toBe(true),
    );

    // And the whole project: every payment's contributions, net of refunds, add up to what it paid.
    await page.click(`a[href="#/project/${payment.projectId}"]`);
    await page.waitForSelector('[data-testid=project-check]');
    const { reconstructionProject } = await system.call<{ reconstructionProject: { paidFen: string } }>(
      `query($id: ID!) { reconstructionProject(id: $id) { paidFen } }`,
      { id: payment.projectId },
      auditor,
    );
    const paid = (await cells(page, 2, `project-${payment.projectId}-paid-by`)).map(fenOf);
    expect(paid.reduce((a, b) => a + b, 0n)).toBe(BigInt(reconstructionProject.paidFen));
    expect(await page.textContent('[data-testid=project-check]')).toContain(t.matches);
    await page.close();
  });

  it('follows the tents a procurement bought to the shelter that used them, and a tent back to who paid for it', async () => {
    const { fundTraces } = await system.call<{
      fundTraces: {
        edges: { node: { flows: { edges: { node: { id: string; description: string } }[] } } }[];
      };
    }>(
      `{ fundTraces(first: 1) { edges { node { flows(stage: DISBURSED, first: 100) { edges { node { id description } } } } } } }`,
      {},
      auditor,
    );
    const purchase = fundTraces.edges[0].node.flows.edges
      .map((e) => e.node)
      .find((f) => f.description.includes('Family tent'))!;
    const { flow } = await system.call<{
      flow: {
        goodsOutcomes: {
          used: { valueFen: string };
          usedByShelter: { shelter: { name: string } }[];
          lots: { id: string; fromLotId: string | null }[];
        };
      };
    }>(
      `query($id: ID!) { flow(id: $id) { goodsOutcomes { used { valueFen } usedByShelter { shelter { name } } lots { id fromLotId } } } }`,
      { id: purchase.id },
      auditor,
    );
    const page = await open(`#/flow/${purchase.id}`);
    await page.waitForSelector(`h3:has-text("${t.goods.ofFlow}")`);
    const goodsTable = `trace-${purchase.id}-goods`;
    const outcomes = await cells(page, 0, goodsTable);
    const values = (await cells(page, 2, goodsTable)).map(fenOf);
    expect(values[outcomes.indexOf(t.goods.used)]).toBe(BigInt(flow.goodsOutcomes.used.valueFen));
    expect(await cells(page, 1, `${goodsTable}-places`)).toEqual(
      expect.arrayContaining(flow.goodsOutcomes.usedByShelter.map((s) => s.shelter.name)),
    );

    // The lot the tents were received as, back to the contributions that paid for it.
    const lot = flow.goodsOutcomes.lots.find((l) => l.fromLotId === null)!;
    await page.click(`a[href="#/lot/${lot.id}"]`);
    await page.waitForSelector(`h3:has-text("${t.goods.paidBy}")`);
    const { goodsTrace } = await system.call<{
      goodsTrace: {
        paidBy: { contributionId: string; amountFen: string }[];
        outcomes: { received: { valueFen: string } };
      };
    }>(
      `query($id: ID!) { goodsTrace(lotId: $id) { paidBy { contributionId amountFen } outcomes { received { valueFen } } } }`,
      { id: lot.id },
      auditor,
    );
    const paid = (await cells(page, 2, `lot-${lot.id}-paid-by`)).map(fenOf);
    expect(paid).toEqual(goodsTrace.paidBy.map((p) => BigInt(p.amountFen)));
    expect(paid.reduce((a, b) => a + b, 0n)).toBe(BigInt(goodsTrace.outcomes.received.valueFen));
    expect(paid.length).toBeGreaterThan(0);
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
    // Macheng, where the demo's coal mine roof collapsed; the flood is Huanggang's, the prefecture's.
    const county = await userToken(identities.auditor('421181'));
    const page = await open('#/', county);
    const { incidents } = await system.call<{ incidents: { edges: { node: { regionCode: string } }[] } }>(
      `{ incidents(first: 50) { edges { node { regionCode } } } }`,
      {},
      county,
    );
    const regions = incidents.edges.map((e) => e.node.regionCode);
    expect(regions.length).toBeGreaterThan(0);
    expect(regions.every((r) => r.startsWith('421181'))).toBe(true);
    expect(await cells(page, 1)).toEqual(regions);
    await page.close();

    // The prefecture's flood is not the county's to see, even by its URL.
    const flood = await open(`#/incident/${incidentId}`, county);
    expect(await flood.textContent('main')).toContain(t.nothing);
    expect(await flood.$('a[data-figure]')).toBeNull();
    await flood.close();
  });

  it('lets an auditor turn an anomaly into a finding, and dismiss another with a reason', async () => {
    // Macheng pays its housing builder the same sum three times today: the audit's rules flag the second and third.
    const { anomalies } = await system.call<{
      anomalies: {
        edges: {
          node: { fundId: string; evidence: { flow: { projectId: string; allocationId: string } | null }[] };
        }[];
      };
    }>(
      `{ anomalies(filter: { ruleKey: "DUPLICATE_PAYMENT" }, first: 1) { edges { node {
          fundId evidence { flow { projectId allocationId } } } } } }`,
      {},
      auditor,
    );
    const { fundId, evidence } = anomalies.edges[0].node;
    const { projectId, allocationId } = evidence[0].flow!;
    const { reconstructionProject } = await system.call<{
      reconstructionProject: { contracts: { id: string }[] };
    }>(`query($id: ID!) { reconstructionProject(id: $id) { contracts { id } } }`, { id: projectId });
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    for (const n of [1, 2, 3])
      await system.call(
        `mutation($input: MakeProjectPaymentInput!) { makeProjectPayment(input: $input) { id } }`,
        {
          input: {
            projectId,
            contractId: reconstructionProject.contracts[0].id,
            amountFen: '1000000',
            paidOn: today,
            voucherNumber: `MCZJ-ZF-TEST-${n}`,
            from: [{ allocationId, amountFen: '1000000' }],
          },
        },
      );
    const flagged = await eventually(
      async () => {
        await system.call(
          `mutation($fundId: ID!) { detectAnomalies(input: { fundId: $fundId }) { fundId } }`,
          { fundId },
          auditor,
        );
        const open = await system.call<{ anomalies: { edges: { node: { id: string } }[] } }>(
          `query($fundId: ID!) { anomalies(filter: { fundId: $fundId, status: OPEN }, first: 10) { edges { node { id } } } }`,
          { fundId },
          auditor,
        );
        expect(open.anomalies.edges).toHaveLength(2);
        return open.anomalies.edges.map((e) => e.node.id);
      },
      { timeoutMs: 30_000 },
    );

    const page = await open(`#/incident/${incidentId}/anomalies`);
    const [toFinding, toDismiss] = flagged.map((id) => page.locator(`[data-anomaly="${id}"]`));
    await toFinding.locator(`button:has-text("${t.toFinding}")`).click();
    await toFinding.locator('input').first().fill('Housing stage payments repeated in Macheng');
    await toFinding.locator('textarea').last().fill('Recover the sums paid twice');
    await toFinding.locator(`button:has-text("${t.record}")`).click();
    await toFinding.locator(`.badge:has-text("${t.anomalyStatus.FINDING}")`).waitFor();

    await toDismiss.locator(`button:has-text("${t.dismiss}")`).click();
    await toDismiss.locator(`button:has-text("${t.confirmDismiss}")`).click();
    await toDismiss.locator(`[role=alert]:has-text("${t.reasonRequired}")`).waitFor();
    await toDismiss.locator('textarea').fill('The second instalment, due under the contract');
    await toDismiss.locator(`button:has-text("${t.confirmDismiss}")`).click();
    await toDismiss.locator(`.badge:has-text("${t.anomalyStatus.DISMISSED}")`).waitFor();
    await page.close();

    const decided = await Promise.all(
      flagged.map((id) =>
        system.call<{
          anomaly: { status: string; dismissedReason: string | null; findingId: string | null };
        }>(`query($id: ID!) { anomaly(id: $id) { status dismissedReason findingId } }`, { id }, auditor),
      ),
    );
    expect(decided[0].anomaly).toMatchObject({ status: 'FINDING', findingId: expect.any(String) });
    expect(decided[1].anomaly).toEqual({
      status: 'DISMISSED',
      dismissedReason: 'The second instalment, due under the contract',
      findingId: null,
    });
    const { auditFinding } = await system.call<{
      auditFinding: { title: string; amountFen: string; type: string };
    }>(
      `query($id: ID!) { auditFinding(id: $id) { title amountFen type } }`,
      { id: decided[0].anomaly.findingId },
      auditor,
    );
    expect(auditFinding).toEqual({
      title: 'Housing stage payments repeated in Macheng',
      amountFen: '1000000',
      type: 'DUPLICATE_PAYMENT',
    });
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
      // The console's policy allows no inline script; the checker is one, added by the test alone.
      const page = await open(hash, auditor, { bypassCSP: true });
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

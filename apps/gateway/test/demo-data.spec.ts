import { eventually, identities, userToken } from '@emergency/testing';
import { loadDemoData } from '../../../infra/dev/demo-data';
import { startSystem, type TestSystem } from './system';

const HOUR_MS = 3_600_000;

/**
 * The demo data set `npm start` loads, on the whole system as `npm start` runs it (all of Hubei's administrative
 * tree), answering through the gateway the questions a newcomer asks first.
 */
describe('the demo data set', () => {
  let system: TestSystem;
  let auditor: string;

  beforeAll(async () => {
    system = await startSystem({ REGION_DATA_SCOPE: '420000' });
    expect(await loadDemoData(system.gateway.url, system.admin, userToken)).toBe(true);
    auditor = await userToken(identities.auditor());
  }, 180_000);

  afterAll(() => system?.stop());

  it('is loaded once: a second start finds it and adds nothing', async () => {
    expect(await loadDemoData(system.gateway.url, system.admin, userToken)).toBe(false);
  });

  it('answers who leads the emergency leading group of Huanggang city', async () => {
    const { leadingGroups } = await system.call<{
      leadingGroups: {
        edges: {
          node: {
            name: string;
            organisation: { name: string };
            leader: { post: string; person: { name: string } };
          };
        }[];
      };
    }>(
      `{ leadingGroups(filter: { regionCode: "421100", kind: GENERAL_EMERGENCY }) {
          edges { node { name organisation { name } leader { post person { name } } } }
      } }`,
      {},
      auditor,
    );
    expect(leadingGroups.edges.map((e) => e.node)).toEqual([
      {
        name: '黄冈市应急管理工作领导小组 (Huanggang Municipal Emergency Management Leading Group)',
        organisation: { name: 'Huanggang Municipal People’s Government' },
        leader: { post: '市长', person: { name: '李明华' } },
      },
    ]);
  });

  it('answers who is on duty at the Xiaogan emergency office now, and where the next 7 days have gaps', async () => {
    const { organisations } = await system.call<{
      organisations: {
        edges: {
          node: {
            id: string;
            onDuty: {
              dutyOfficers: { person: { name: string } }[];
              leadersOnDuty: { person: { name: string } }[];
            };
          };
        }[];
      };
    }>(
      `{ organisations(filter: { regionCode: "420900", type: EMERGENCY_MANAGEMENT_OFFICE }) {
          edges { node { id onDuty { dutyOfficers { person { name } } leadersOnDuty { person { name } } } } }
      } }`,
    );
    const [office] = organisations.edges.map((e) => e.node);
    // The demo roster starts at 08:00 China Standard Time today (yesterday, before 08:00): a day officer until
    // 20:00, then a night one; one leader a day.
    const now = Date.now();
    const inChina = new Date(now + 8 * HOUR_MS);
    let firstDay =
      Date.UTC(inChina.getUTCFullYear(), inChina.getUTCMonth(), inChina.getUTCDate(), 8) - 8 * HOUR_MS;
    if (firstDay > now) firstDay -= 24 * HOUR_MS;
    const officer = now < firstDay + 12 * HOUR_MS ? '何静' : '罗敏';
    expect(office!.onDuty).toEqual({
      dutyOfficers: [{ person: { name: officer } }],
      leadersOnDuty: [{ person: { name: '黄志远' } }],
    });

    const { dutyCoverage } = await system.call<{
      dutyCoverage: {
        complete: boolean;
        gaps: { role: string; startsAt: string; endsAt: string; durationMinutes: number }[];
      };
    }>(
      `query($id: ID!, $from: DateTime!, $to: DateTime!) {
        dutyCoverage(organisationId: $id, from: $from, to: $to) { complete gaps { role startsAt endsAt durationMinutes } }
      }`,
      {
        id: office!.id,
        from: new Date(now).toISOString(),
        to: new Date(now + 7 * 24 * HOUR_MS).toISOString(),
      },
    );
    // The fourth night has no duty officer (20:00 to 08:00), the sixth day no leader.
    const at = (hours: number) => new Date(firstDay + hours * HOUR_MS).toISOString();
    expect(dutyCoverage).toEqual({
      complete: false,
      gaps: [
        { role: 'DUTY_OFFICER', startsAt: at(3 * 24 + 12), endsAt: at(4 * 24), durationMinutes: 12 * 60 },
        { role: 'LEADER_ON_DUTY', startsAt: at(5 * 24), endsAt: at(6 * 24), durationMinutes: 24 * 60 },
      ],
    });
  });

  it('answers which flood-rescue teams in Jingzhou are ready', async () => {
    const ready = async (filter: string) =>
      (
        await system.call<{
          rescueTeams: { edges: { node: { name: string; baseRegion: { name: string } } }[] };
        }>(
          `{ rescueTeams(filter: { regionCode: "421000", readiness: READY, ${filter} }) {
              edges { node { name baseRegion { name } } }
          } }`,
          {},
          auditor,
        )
      ).rescueTeams.edges.map((e) => e.node);
    expect(await ready('type: FLOOD_CONTROL')).toEqual([
      { name: 'Honghu Flood Rescue Commando Team', baseRegion: { name: '洪湖市' } },
      { name: 'Jingzhou Municipal Flood Rescue Team', baseRegion: { name: '沙市区' } },
    ]);
    // Counting the volunteers trained for water rescue too; Jianli's team is standing down to refit.
    expect((await ready('specialty: WATER_RESCUE')).map((t) => t.name)).toEqual([
      'Gong’an Blue Sky Rescue Team',
      'Honghu Flood Rescue Commando Team',
      'Jingzhou Municipal Flood Rescue Team',
    ]);
  });

  it('answers which villages in Tuanfeng county have no disaster information officer', async () => {
    const { villagesWithoutInformationOfficer } = await system.call<{
      villagesWithoutInformationOfficer: {
        edges: { node: { code: string; name: string; parent: { name: string } } }[];
      };
    }>(
      `{ villagesWithoutInformationOfficer(regionCode: "421121", first: 50) {
          edges { node { code name parent { name } } }
      } }`,
      {},
      auditor,
    );
    const uncovered = villagesWithoutInformationOfficer.edges.map((e) => e.node);
    expect(uncovered.map((v) => v.parent.name)).toEqual(['团风镇', '团风镇', '杜皮乡']);
    // The last villages of each township, in code order, are the ones the demo left uncovered.
    type Villages = { regions: { edges: { node: { code: string } }[] } };
    const lastOf = async (township: string, count: number) =>
      (
        await system.call<Villages>(
          `query($within: String!) { regions(filter: { within: $within, level: VILLAGE }, first: 100) { edges { node { code } } } }`,
          { within: township },
        )
      ).regions.edges
        .map((e) => e.node.code)
        .slice(-count);
    expect(uncovered.map((v) => v.code)).toEqual([
      ...(await lastOf('421121100', 2)),
      ...(await lastOf('421121201', 1)),
    ]);
  });

  it('shows a county operator its county only, and masks duty officers’ phones for auditors', async () => {
    const tuanfeng = await userToken(identities.operator('421121'));
    type Names = { organisations: { edges: { node: { regionCode: string } }[] } };
    const { organisations } = await system.call<Names>(
      `{ organisations(filter: { regionCode: "420000" }, first: 100) { edges { node { regionCode } } } }`,
      {},
      tuanfeng,
    );
    // The county government, its emergency and education bureaus and the governments of its 11 townships.
    expect(organisations.edges).toHaveLength(14);
    for (const { node } of organisations.edges) expect(node.regionCode.startsWith('421121')).toBe(true);
    const { rescueTeams } = await system.call<{ rescueTeams: { edges: unknown[] } }>(
      `{ rescueTeams(filter: { regionCode: "421000" }) { edges { cursor } } }`,
      {},
      tuanfeng,
    );
    expect(rescueTeams.edges).toEqual([]);

    const phones = async (token: string) =>
      (
        await system.call<{ people: { edges: { node: { phone: string; personalDataMasked: boolean } }[] } }>(
          `{ people(filter: { regionCode: "420900", nameContains: "何静" }) { edges { node { phone personalDataMasked } } } }`,
          {},
          token,
        )
      ).people.edges.map((e) => e.node);
    expect(await phones(auditor)).toEqual([{ phone: '139****0001', personalDataMasked: true }]);
    expect(await phones(await userToken(identities.operator('420900')))).toEqual([
      { phone: '13971200001', personalDataMasked: false },
    ]);
  });

  it('traces the Huanggang flood fund from its contributions to their use, stage by stage, reconciled to the fen', async () => {
    interface Figures {
      raisedFen: string;
      allocatedFen: string;
      disbursedFen: string;
      usedFen: string;
    }
    type Trace = Figures & {
      reconciled: boolean;
      discrepancies: string[];
      incident: { title: string };
      cash: Figures;
      inKind: Figures;
    };
    const figures = 'raisedFen allocatedFen disbursedFen usedFen';
    const trace = await eventually(
      async () => {
        const { fundTraces } = await system.call<{ fundTraces: { edges: { node: Trace }[] } }>(
          `{ fundTraces(first: 5) { edges { node {
              ${figures} reconciled discrepancies incident { title }
              cash { ${figures} } inKind { ${figures} }
          } } } }`,
          {},
          auditor,
        );
        const [node] = fundTraces.edges.map((e) => e.node);
        // The last movements of the story: Luotian's return, the shelter's upgrade, the quilts bought into stock
        // and the pump truck's compensation, all seen by the audit.
        expect(node).toMatchObject({ allocatedFen: '4405200000', disbursedFen: '2185856000' });
        return node;
      },
      { timeoutMs: 30_000 },
    );
    expect(trace).toEqual({
      // Cash 108,250,000.00 (appropriations 88,000,000, donations 18,250,000, party dues 2,000,000; the pledge
      // withdrawn not counted, the correction net 100,000) and 880,000.00 of tents and quilts in kind.
      raisedFen: '10913000000',
      // Cash 43,700,000.00 (44,200,000 to three counties and three projects, 500,000 returned by Luotian) and 200
      // tents and 800 quilts in kind (352,000.00).
      allocatedFen: '4405200000',
      // To contractors 15,700,000.00, households 200,000.00, suppliers 5,526,000.00 (a 170,000 refund netted;
      // 300 quilts 36,000.00), the upgrade of Tuanfeng's gymnasium shelter 380,000.00, the requisitioned pump
      // truck's owner 48,000.00; three tents and six quilts to households (4,560.00).
      disbursedFen: '2185856000',
      // The school settled 8,600,000.00, both villages' lists published 200,000.00, three deliveries accepted
      // 3,486,000.00; the goods handed out.
      usedFen: '1229056000',
      reconciled: true,
      discrepancies: [],
      incident: { title: 'Ju River flood, Huanggang' },
      cash: {
        raisedFen: '10825000000',
        allocatedFen: '4370000000',
        disbursedFen: '2185400000',
        usedFen: '1228600000',
      },
      inKind: { raisedFen: '88000000', allocatedFen: '35200000', disbursedFen: '456000', usedFen: '456000' },
    });
  });
  it('answers an emergency office: the plans the flood started and who leads, who has not drilled, what is overdue or open, and each county’s score', async () => {
    const { incidents } = await system.call<{
      incidents: { edges: { node: { id: string; title: string } }[] };
    }>(`{ incidents(first: 20) { edges { node { id title } } } }`);
    const flood = incidents.edges.find((e) => e.node.title === 'Ju River flood, Huanggang')!.node;
    const { plansForIncident } = await system.call<{
      plansForIncident: {
        activations: { plan: { title: string }; level: string }[];
        lead: { organisation: { name: string }; commandBody: string };
      };
    }>(
      `query($id: ID!) { plansForIncident(incidentId: $id) {
          activations { plan { title } level } lead { organisation { name } commandBody }
      } }`,
      { id: flood.id },
    );
    // Declared at III, raised to II: the province's plans (from II) and Huanggang's (from III) are in force.
    expect(plansForIncident.activations.map((a) => `${a.plan.title} (${a.level})`).sort()).toEqual([
      'Huanggang Municipal Flood Control and Drought Relief Emergency Plan (II)',
      'Hubei Province Flood Control and Drought Relief Emergency Plan (II)',
      'Hubei Province Overall Emergency Plan (II)',
    ]);
    expect(plansForIncident.lead.commandBody).toBe(
      'Hubei Provincial Flood Control and Drought Relief Headquarters',
    );

    const office = await system.call<{
      undrilledUnits: { edges: { node: { organisation: { name: string } } }[] };
      overduePlans: { edges: { node: { kind: string; plan: { title: string } } }[] };
      openFindingsPastDeadline: { edges: { node: { description: string } }[] };
      regionAssessments: {
        regionCode: string;
        score: number;
        maxScore: number;
        items: { item: { key: string }; due: number; met: number; unmet: { kind: string }[] }[];
      }[];
    }>(
      `query($year: Int!) {
        undrilledUnits(regionCode: "421100", first: 50) { edges { node { organisation { name } } } }
        overduePlans(regionCode: "420000", first: 50) { edges { node { kind plan { title } } } }
        openFindingsPastDeadline(regionCode: "421100", first: 50) { edges { node { description } } }
        regionAssessments(regionCode: "421100", year: $year) {
          regionCode score maxScore items { item { key } due met unmet { kind } }
        }
      }`,
      { year: Number(new Date(Date.now() + 8 * HOUR_MS).toISOString().slice(0, 4)) },
    );
    expect(office.undrilledUnits.edges.map((e) => e.node.organisation.name)).toContain(
      'Huanggang Rural Housing Construction Co., Ltd.',
    );
    expect(office.overduePlans.edges.map((e) => `${e.node.kind} ${e.node.plan.title}`).sort()).toEqual([
      'EVALUATION Hubei Province Earthquake Emergency Plan',
      'FILING Tuanfeng County Flood Control Emergency Plan',
    ]);
    expect(office.openFindingsPastDeadline.edges).toHaveLength(1);
    // The drill's warning finding sent Huanggang's flood plan back; its version 2 made the revision.
    const { contingencyPlans } = await system.call<{
      contingencyPlans: {
        edges: {
          node: {
            currentVersion: { version: number; revisionTrigger: string };
            revisionTasks: { status: string; revisedInVersion: number }[];
          };
        }[];
      };
    }>(
      `{ contingencyPlans(filter: { titleContains: "Huanggang Municipal Flood" }) { edges { node {
          currentVersion { version revisionTrigger } revisionTasks { status revisedInVersion }
      } } } }`,
    );
    expect(contingencyPlans.edges.map((e) => e.node)).toEqual([
      {
        currentVersion: { version: 2, revisionTrigger: 'RESPONSE_OR_DRILL_PROBLEMS' },
        revisionTasks: [{ status: 'CLOSED', revisedInVersion: 2 }],
      },
    ]);
    const tuanfeng = office.regionAssessments.find((r) => r.regionCode === '421121')!;
    expect(tuanfeng.maxScore).toBe(100);
    expect(tuanfeng.score).toBeLessThan(100);
    const hazards = tuanfeng.items.find((i) => i.item.key === 'HAZARDS_CLOSED')!;
    expect(hazards.unmet.map((u) => u.kind)).toContain('Hazard');
  });
  it('answers an emergency office: tents within 8 hours of Tuanfeng and where, lots expiring within 90 days, shelters near the county seat with room', async () => {
    const tuanfeng = { latitude: 30.6435, longitude: 114.8721 };
    const supplies = await system.call<{
      stockNear: {
        edges: {
          node: { quantity: number; estimatedHours: number; reservePoint: { name: string; level: string } };
        }[];
      };
      lotsExpiringWithin: { edges: { node: { itemCode: string; expiresOn: string } }[] };
      sheltersWithRoomNear: { shelter: { name: string; status: string }; freeCapacity: number }[];
    }>(
      `query($latitude: Float!, $longitude: Float!) {
        stockNear(itemCode: "1010101", latitude: $latitude, longitude: $longitude, hours: 8, first: 10) {
          edges { node { quantity estimatedHours reservePoint { name level } } }
        }
        lotsExpiringWithin(regionCode: "420000", days: 90, first: 20) { edges { node { itemCode expiresOn } } }
        sheltersWithRoomNear(latitude: $latitude, longitude: $longitude, radiusMetres: 20000, minFreePlaces: 1, first: 10) {
          shelter { name status } freeCapacity
        }
      }`,
      tuanfeng,
    );
    // Tuanfeng's own 1,517 tents (60 of the 100 moved from Huanggang, 1,200 of the 1,500 it bought, 200 donated
    // and 57 of the 60 dispatched from Huanggang), Huanggang's 40 and the province's 500, all within 8 hours; the
    // county's point first.
    const tents = supplies.stockNear.edges.map((e) => e.node);
    expect(tents.map((t) => [t.reservePoint.level, t.quantity])).toEqual([
      ['COUNTY', 1517],
      ['PREFECTURAL', 40],
      ['PROVINCIAL', 500],
    ]);
    expect(tents.every((t) => t.estimatedHours <= 8)).toBe(true);
    // Huanggang's water (60 days), 200 bottles of it now at Tuanfeng by the dispatch, and instant food (80 days).
    expect(supplies.lotsExpiringWithin.edges.map((e) => e.node.itemCode).sort()).toEqual([
      '1020101',
      '1020101',
      '1020201',
    ]);
    // The gymnasium is back below capacity after the crest; the square has room; all three have places.
    expect(supplies.sheltersWithRoomNear.map((s) => [s.shelter.name, s.freeCapacity])).toEqual(
      expect.arrayContaining([['团风县第一中学体育馆', 60]]),
    );
  });
  it('answers where the goods went: which dispatches were received short, and the tents bought with Tuanfeng’s supplies allocation followed to the shelter that used them', async () => {
    const { dispatches } = await system.call<{
      dispatches: {
        edges: {
          node: {
            documentNumber: string;
            sendingReservePoint: { name: string };
            receivingReservePoint: { name: string };
            shippedQuantity: number;
            shortfallQuantity: number;
            shortfallValueFen: string;
            deliveryHours: number;
            targetHours: number;
          };
        }[];
      };
    }>(
      `{ dispatches(filter: { receivedShort: true }, first: 10) { edges { node {
          documentNumber sendingReservePoint { name } receivingReservePoint { name }
          shippedQuantity shortfallQuantity shortfallValueFen deliveryHours targetHours
      } } } }`,
    );
    // Huanggang's 60 tents and 200 bottles of water reached Tuanfeng three tents short (3 × 1,280.00).
    expect(dispatches.edges.map((e) => e.node)).toEqual([
      expect.objectContaining({ shippedQuantity: 260, shortfallQuantity: 3, shortfallValueFen: '384000' }),
    ]);
    const [dispatch] = dispatches.edges.map((e) => e.node);
    expect(dispatch.targetHours).toBe(8);

    // The county's tent purchase, paid from two allocations: its lot names the first, the supplies allocation.
    const { procurements } = await system.call<{
      procurements: {
        edges: {
          node: {
            id: string;
            itemDescription: string;
            payments: { allocation: { id: string } }[];
            stockLots: { id: string; quantityOnHand: number }[];
          };
        }[];
      };
    }>(
      `{ procurements(first: 20) { edges { node {
          id itemDescription payments { allocation { id } } stockLots { id quantityOnHand }
      } } } }`,
    );
    const tents = procurements.edges
      .map((e) => e.node)
      .find((p) => p.itemDescription === 'Family tent, 12 m²')!;
    const allocationId = tents.payments[0].allocation.id;
    expect(tents.stockLots).toEqual([expect.objectContaining({ quantityOnHand: 1200 })]);

    interface Outcomes {
      received: { quantity: number; valueFen: string };
      used: { quantity: number; valueFen: string };
      usedByShelter: { shelter: { name: string }; quantity: number; valueFen: string }[];
      onHand: { quantity: number; valueFen: string };
      balanced: boolean;
    }
    const outcomes = `received { quantity valueFen } used { quantity valueFen }
      usedByShelter { shelter { name } quantity valueFen } onHand { quantity valueFen } balanced`;
    const audit = await eventually(
      async () => {
        const data = await system.call<{
          goodsOfAllocation: Outcomes;
          goodsTrace: { sourceKind: string; procurementId: string; allocationId: string; fundId: string };
        }>(
          `query($allocationId: ID!, $lotId: ID!) {
            goodsOfAllocation(allocationId: $allocationId) { ${outcomes} }
            goodsTrace(lotId: $lotId) { sourceKind procurementId allocationId fundId }
          }`,
          { allocationId, lotId: tents.stockLots[0].id },
          auditor,
        );
        expect(data.goodsOfAllocation.used.quantity).toBe(300);
        return data;
      },
      { timeoutMs: 30_000 },
    );
    // 1,500 tents and 296 quilts bought with the allocation; 300 tents pitched at the gymnasium shelter.
    expect(audit.goodsOfAllocation).toMatchObject({
      received: { quantity: 1796, valueFen: String(1500 * 128000 + 296 * 12000) },
      used: { quantity: 300, valueFen: String(300 * 128000) },
      usedByShelter: [{ shelter: { name: '团风县第一中学体育馆' }, quantity: 300, valueFen: '38400000' }],
      onHand: { quantity: 1496 },
      balanced: true,
    });
    expect(audit.goodsTrace).toEqual({
      sourceKind: 'PURCHASE',
      procurementId: tents.id,
      allocationId,
      fundId: expect.any(String),
    });
  });
  it('answers an auditor: the flood’s announcement table, one figure drilled to the flows it sums, and where each finding’s rectification stands', async () => {
    const { incidents } = await system.call<{
      incidents: { edges: { node: { id: string; title: string } }[] };
    }>(`{ incidents(first: 20) { edges { node { id title } } } }`);
    const flood = incidents.edges.find((e) => e.node.title === 'Ju River flood, Huanggang')!.node;
    interface Figure {
      key: string;
      amountFen: string;
    }
    const table = await eventually(
      async () => {
        const { disasterAnnouncement } = await system.call<{
          disasterAnnouncement: {
            figures: Figure[];
            figure: { amountFen: string; flows: { edges: { node: { amountFen: string } }[] } };
            csv: string;
          };
        }>(
          `query($id: ID!) { disasterAnnouncement(incidentId: $id) {
              figures { key amountFen }
              figure(key: "raised.fiscal") { amountFen flows(first: 50) { edges { node { amountFen } } } }
              csv
          } }`,
          { id: flood.id },
          auditor,
        );
        const byKey = new Map(disasterAnnouncement.figures.map((f) => [f.key, f.amountFen]));
        expect(byKey.get('spent.disbursed')).toBe('2185856000');
        return { ...disasterAnnouncement, byKey };
      },
      { timeoutMs: 30_000 },
    );
    // The same stages as the fund's trace (the flood has one fund), to the fen.
    expect(table.byKey.get('raised.total')).toBe('10913000000');
    expect(table.byKey.get('spent.used')).toBe('1229056000');
    // Raised less allocated awaits allocation; allocated less disbursed is released with the projects' progress.
    expect(table.byKey.get('balance.awaitingAllocation')).toBe(String(10913000000n - 4405200000n));
    expect(table.byKey.get('balance.released')).toBe(String(4405200000n - 2185856000n));
    // The fiscal figure (appropriations: 88,000,000.00) is the sum of the flows it lists.
    expect(table.figure.amountFen).toBe('8800000000');
    const drilled = table.figure.flows.edges.reduce((sum, e) => sum + BigInt(e.node.amountFen), 0n);
    expect(drilled.toString()).toBe(table.figure.amountFen);
    expect(table.csv.split('\r\n')[0]).toContain('key');

    // The anomalies of the flood's money, on their evidence: the housing stage paid twice, now a finding.
    const { anomalies } = await system.call<{
      anomalies: {
        edges: {
          node: { ruleKey: string; status: string; amountFen: string; evidence: { kind: string }[] };
        }[];
      };
    }>(
      `{ anomalies(first: 20) { edges { node { ruleKey status amountFen evidence { kind } } } } }`,
      {},
      auditor,
    );
    expect(anomalies.edges.map((e) => e.node)).toEqual([
      {
        ruleKey: 'DUPLICATE_PAYMENT',
        status: 'FINDING',
        amountFen: '110000000',
        evidence: [{ kind: 'Flow' }, { kind: 'Flow' }],
      },
    ]);

    const { auditFindings } = await system.call<{
      auditFindings: {
        edges: {
          node: {
            type: string;
            amountFen: string;
            status: string;
            recoveredFen: string;
            response: string | null;
            auditedOrganisation: { name: string };
            rectification: { items: { state: string | null }[] };
          };
        }[];
      };
    }>(
      `{ auditFindings(first: 10) { edges { node {
          type amountFen status recoveredFen response auditedOrganisation { name } rectification { items { state } }
      } } } }`,
      {},
      auditor,
    );
    expect(auditFindings.edges.map((e) => e.node)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: 'LATE_DISBURSEMENT',
          amountFen: '20000000',
          // Its rectification list issued, one of two items rectified.
          status: 'RECTIFYING',
          rectification: expect.objectContaining({ items: [{ state: 'RECTIFIED' }, { state: null }] }),
        }),
        // Refunded by the builder where the money lives, and linked by the audit as recovered.
        expect.objectContaining({
          type: 'DUPLICATE_PAYMENT',
          amountFen: '110000000',
          recoveredFen: '110000000',
        }),
      ]),
    );
    expect(auditFindings.edges).toHaveLength(2);
    // The county's written response, posted by the county itself.
    expect(auditFindings.edges.find((e) => e.node.type === 'LATE_DISBURSEMENT')!.node.response).toMatch(
      /^团风县人民政府对审计发现无异议/,
    );
  });
});

import { countStatements, eventually, gatewayRequest } from '@emergency/testing';
import { startSystem, type TestSystem } from './system';

/**
 * A list field reached through many parents (every allocation's procurements, every organisation's plans) costs
 * one statement for all of them: the statements a service runs for a nested query are the same for 2 parents as
 * for 6. Counted per service from the driver, for the request's own trace only.
 */
describe('statements of a nested query through the gateway', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startSystem({ REGION_DATA_SCOPE: '421100' });
  }, 120_000);

  afterAll(() => system?.stop());

  const call = <T>(query: string, variables: Record<string, unknown> = {}) =>
    system.call<T>(query, variables);
  /** `fn` retried while another service has not yet learned, from events, of what it refers to. */
  const onceKnown = <T>(fn: () => Promise<T>) => eventually(fn, { timeoutMs: 30_000 });

  const register = async (name: string, type: string, regionCode: string) =>
    (
      await call<{ registerOrganisation: { id: string } }>(
        `mutation($input: RegisterOrganisationInput!) { registerOrganisation(input: $input) { id } }`,
        { input: { name, type, regionCode } },
      )
    ).registerOrganisation.id;

  /** Runs `query` as admin and returns its data and the statements each service ran for it. */
  const counted = async <T>(query: string, variables: Record<string, unknown>) => {
    let data: T | undefined;
    const statements = await countStatements(async (traceparent) => {
      const response = await gatewayRequest<T>(system.gateway.url, query, variables, system.admin, {
        traceparent,
      });
      expect(response.errors).toBeUndefined();
      data = response.data;
    });
    return { data: data!, statements };
  };

  describe('incidents → funds → allocations → procurements', () => {
    let manager: string;
    let recipient: string;

    beforeAll(async () => {
      manager = await register('Huanggang Municipal Finance Bureau', 'FINANCE_BUREAU', '421100');
      recipient = await register(
        'Tuanfeng County Emergency Management Bureau',
        'EMERGENCY_MANAGEMENT_OFFICE',
        '421121',
      );
    });

    /** An incident with one fund, one paid contribution and two allocations, the first with two purchases. */
    const incidentWithSpending = async (n: number) => {
      const { reportIncident: incident } = await call<{ reportIncident: { id: string } }>(
        `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { id } }`,
        {
          input: {
            title: `Statement count flood ${n}`,
            category: 'NATURAL_DISASTER',
            severity: 'III',
            regionCode: '421100',
            occurredAt: `2026-07-${String(n).padStart(2, '0')}T04:30:00+08:00`,
          },
        },
      );
      const { establishReconstructionFund: fund } = await onceKnown(() =>
        call<{ establishReconstructionFund: { id: string } }>(
          `mutation($input: EstablishReconstructionFundInput!) { establishReconstructionFund(input: $input) { id } }`,
          { input: { incidentId: incident.id, name: `Fund ${n}`, managingOrganisationId: manager } },
        ),
      );
      for (const amountFen of ['300000', '200000']) {
        await call(
          `mutation($input: RecordFundContributionInput!) { recordFundContribution(input: $input) { id } }`,
          {
            input: {
              fundId: fund.id,
              kind: 'DONATION',
              channel: 'DOMESTIC',
              status: 'PAID',
              paidOn: '2026-07-08',
              voucherNumber: 'V-1',
              amountFen,
              contributorName: 'Hubei Red Cross',
            },
          },
        );
      }
      const allocations: string[] = [];
      for (const purpose of ['Tents', 'Water purification']) {
        const { allocateFund } = await onceKnown(() =>
          call<{ allocateFund: { id: string } }>(
            `mutation($input: AllocateFundInput!) { allocateFund(input: $input) { id } }`,
            {
              input: {
                fundId: fund.id,
                organisationId: recipient,
                amountFen: '100000',
                purposeCategory: 'SUPPLIES',
                purpose,
              },
            },
          ),
        );
        allocations.push(allocateFund.id);
      }
      for (const quantity of [1, 2]) {
        await onceKnown(() =>
          call(`mutation($input: RecordProcurementInput!) { recordProcurement(input: $input) { id } }`, {
            input: {
              allocationId: allocations[0],
              supplierName: 'Wuhan Relief Materials Co., Ltd.',
              itemDescription: 'Family tents',
              quantity,
              unitPriceFen: '1000',
            },
          }),
        );
      }
    };

    const SPENDING = `{
      incidents(first: 50) { edges { node {
        id
        funds {
          id raisedFen
          contributions(first: 1) { edges { node { id amountFen } } pageInfo { hasNextPage } }
          allocations(first: 1) { edges { node {
            id spentFen
            sources { amountFen }
            procurements(first: 1) { edges { node { id amountFen } } pageInfo { hasNextPage } }
          } } pageInfo { hasNextPage } }
        }
      } } }
    }`;

    /** What the duty office asks of each incident: its grade, response, reports, instructions and warnings. */
    const DUTY = `{
      incidents(first: 20) { edges { node {
        id
        gradeSuggestion { grade }
        gradeDecisions { grade }
        responseLevel
        responses { level }
        statusHistory { to }
        reports(first: 1) { edges { node { id } } }
        figuresHistory { report { id } }
        instructions(first: 1) { edges { node { id } } }
        warnings(first: 1) { edges { node { id } } }
        investigation { id }
      } } }
    }`;

    interface Spending {
      incidents: {
        edges: {
          node: {
            funds: {
              contributions: { edges: { node: { amountFen: string } }[]; pageInfo: { hasNextPage: boolean } };
              allocations: {
                edges: {
                  node: {
                    id: string;
                    spentFen: string;
                    procurements: {
                      edges: { node: { amountFen: string } }[];
                      pageInfo: { hasNextPage: boolean };
                    };
                  };
                }[];
                pageInfo: { hasNextPage: boolean };
              };
            }[];
          };
        }[];
      };
    }

    it('costs each service as many statements for 6 incidents as for 2', async () => {
      for (const n of [1, 2]) await incidentWithSpending(n);
      const two = await counted<Spending>(SPENDING, {});
      const dutyOfTwo = await counted(DUTY, {});
      for (const n of [3, 4, 5, 6]) await incidentWithSpending(n);
      const six = await counted<Spending>(SPENDING, {});
      const dutyOfSix = await counted(DUTY, {});

      // Every parent got its own first page: the oldest contribution and allocation, the newest purchase, and
      // a next page behind each.
      const funds = six.data.incidents.edges.flatMap((e) => e.node.funds);
      expect(funds).toHaveLength(6);
      for (const fund of funds) {
        expect(fund.contributions.edges.map((e) => e.node.amountFen)).toEqual(['300000']);
        expect(fund.contributions.pageInfo.hasNextPage).toBe(true);
        expect(fund.allocations.edges).toHaveLength(1);
        expect(fund.allocations.pageInfo.hasNextPage).toBe(true);
        const [allocation] = fund.allocations.edges.map((e) => e.node);
        expect(allocation!.spentFen).toBe('3000');
        expect(allocation!.procurements.edges.map((e) => e.node.amountFen)).toEqual(['2000']);
        expect(allocation!.procurements.pageInfo.hasNextPage).toBe(true);
      }
      expect(Object.keys(two.statements).sort()).toEqual(['incidents', 'supplies']);
      expect(six.statements).toEqual(two.statements);
      expect(Object.keys(dutyOfTwo.statements)).toEqual(['incidents']);
      expect(dutyOfSix.statements).toEqual(dutyOfTwo.statements);
    }, 240_000);
  });

  describe('organisations and what they hold', () => {
    /**
     * An organisation in Huangzhou district with a person who leads its leading group, a rescue team, a
     * demonstration site and two plans.
     */
    const organisationWithPlans = async (n: number) => {
      const id = await register(`Statement count office ${n}`, 'EMERGENCY_MANAGEMENT_OFFICE', '421102');
      const { registerPerson: person } = await call<{ registerPerson: { id: string } }>(
        `mutation($input: RegisterPersonInput!) { registerPerson(input: $input) { id } }`,
        { input: { organisationId: id, name: `Duty officer ${n}`, post: 'Duty officer' } },
      );
      await call(
        `mutation($input: EstablishLeadingGroupInput!) { establishLeadingGroup(input: $input) { id } }`,
        {
          input: {
            organisationId: id,
            name: `Flood control headquarters ${n}`,
            kind: 'GENERAL_EMERGENCY',
            leader: { personId: person.id },
          },
        },
      );
      await call(`mutation($input: RegisterRescueTeamInput!) { registerRescueTeam(input: $input) { id } }`, {
        input: {
          organisationId: id,
          name: `Huangzhou flood rescue team ${n}`,
          type: 'PROFESSIONAL',
          baseRegionCode: '421102',
          headcount: 12,
        },
      });
      await call(
        `mutation($input: DesignateDemonstrationSiteInput!) { designateDemonstrationSite(input: $input) { id } }`,
        {
          input: {
            name: `Safe community ${n}`,
            kind: 'COMMUNITY',
            level: 'PREFECTURAL',
            regionCode: '421102',
            organisationId: id,
            designatedOn: '2026-01-15',
          },
        },
      );
      for (const title of ['Flood control plan', 'Earthquake plan']) {
        await onceKnown(() =>
          call(
            `mutation($input: DraftContingencyPlanInput!) { draftContingencyPlan(input: $input) { id } }`,
            {
              input: {
                title,
                planType: 'SPECIAL',
                level: 'COUNTY',
                category: 'NATURAL_DISASTER',
                ownerOrganisationId: id,
                regionCode: '421102',
                reviewDueOn: '2027-06-30',
              },
            },
          ),
        );
      }
    };

    const ORGANISATIONS = `query($name: String!) {
      organisations(filter: { nameContains: $name }, first: 50) { edges { node {
        id
        plans(first: 1) { edges { node { title } } pageInfo { hasNextPage } }
        leadingGroups(first: 1) { edges { node {
          members(includeEnded: true, first: 1) { edges { cursor } }
          history(first: 1) { edges { cursor } }
        } } }
        rescueTeams(first: 1) { edges { node { members(first: 1) { edges { cursor } } } } }
        demonstrationSites(first: 1) { edges { node { inspections(first: 1) { edges { cursor } } } } }
        children(first: 1) { edges { cursor } }
        dutyShifts(first: 1) { edges { cursor } }
        people(first: 5) { edges { node {
          name
          trainingRecords(first: 1) { edges { cursor } }
          gridAssignments(first: 1) { edges { cursor } }
        } } }
      } } }
    }`;

    interface Edges {
      edges: { cursor: string }[];
    }

    interface Organisations {
      organisations: {
        edges: {
          node: {
            plans: { edges: { node: { title: string } }[]; pageInfo: { hasNextPage: boolean } };
            people: { edges: { node: { name: string } }[] };
            leadingGroups: { edges: { node: { members: Edges; history: Edges } }[] };
            rescueTeams: { edges: { node: { members: Edges } }[] };
          };
        }[];
      };
    }

    it('costs each service as many statements for 6 organisations as for 2', async () => {
      for (const n of [1, 2]) await organisationWithPlans(n);
      const two = await counted<Organisations>(ORGANISATIONS, { name: 'Statement count office' });
      for (const n of [3, 4, 5, 6]) await organisationWithPlans(n);
      const six = await counted<Organisations>(ORGANISATIONS, { name: 'Statement count office' });

      const organisations = six.data.organisations.edges.map((e) => e.node);
      expect(organisations).toHaveLength(6);
      for (const organisation of organisations) {
        // Newest first.
        expect(organisation.plans.edges.map((e) => e.node.title)).toEqual(['Earthquake plan']);
        expect(organisation.plans.pageInfo.hasNextPage).toBe(true);
        expect(organisation.people.edges).toHaveLength(1);
        const [group] = organisation.leadingGroups.edges.map((e) => e.node);
        expect(group!.members.edges).toHaveLength(1);
        expect(group!.history.edges).toHaveLength(1);
        expect(organisation.rescueTeams.edges).toHaveLength(1);
      }
      expect(Object.keys(two.statements).sort()).toEqual(['organisations', 'plans']);
      expect(six.statements).toEqual(two.statements);
    }, 240_000);

    it('costs as many statements for the divisions and grid workers of 6 regions as for 2', async () => {
      const REGIONS = `query($first: Int!) {
        regions(filter: { within: "421100", level: COUNTY }, first: $first) { edges { node {
          code children(first: 2) { edges { node { code parent { code } } } pageInfo { hasNextPage } }
          gridAssignments(first: 1) { edges { cursor } }
        } } }
      }`;
      interface Regions {
        regions: {
          edges: {
            node: {
              code: string;
              children: { edges: { node: { code: string; parent: { code: string } } }[] };
            };
          }[];
        };
      }
      const two = await counted<Regions>(REGIONS, { first: 2 });
      const six = await counted<Regions>(REGIONS, { first: 6 });

      const counties = six.data.regions.edges.map((e) => e.node);
      expect(counties).toHaveLength(6);
      for (const county of counties) {
        const children = county.children.edges.map((e) => e.node);
        expect(children).toHaveLength(2);
        expect(children.every((c) => c.parent.code === county.code)).toBe(true);
        expect(children.map((c) => c.code)).toEqual([...children.map((c) => c.code)].sort());
      }
      expect(six.statements).toEqual(two.statements);
    }, 60_000);
  });
});

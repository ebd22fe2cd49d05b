import { Parser } from '@asyncapi/parser';
import { readFileSync } from 'node:fs';
import { ALL_CONTRACTS } from '@emergency/contracts';
import { eventConsumers } from './consumers';
import { ASYNCAPI_FILE, asyncApiYaml } from './generate';

describe('AsyncAPI document', () => {
  it('is up to date with the event contracts (run `npm run asyncapi` after changing one)', () => {
    expect(readFileSync(ASYNCAPI_FILE, 'utf8')).toBe(asyncApiYaml());
  });

  it('is a valid AsyncAPI 3 document with no errors', async () => {
    const { document, diagnostics } = await new Parser().parse(readFileSync(ASYNCAPI_FILE, 'utf8'));
    const errors = diagnostics
      .filter((d) => d.severity === 0)
      .map((d) => `${d.path.join('.')}: ${d.message}`);
    expect(errors).toEqual([]);
    expect(document).toBeDefined();
  });

  it('documents every event type on its domain topic', async () => {
    const { document } = await new Parser().parse(readFileSync(ASYNCAPI_FILE, 'utf8'));
    const documented = document!
      .channels()
      .all()
      .flatMap((channel) =>
        channel
          .messages()
          .all()
          .map((m) => `${channel.address()}:${m.name()}`),
      );
    for (const contract of ALL_CONTRACTS) {
      expect(documented).toContain(`${contract.domain}.events.v1:${contract.name}`);
    }
  });
});

describe('AsyncAPI receive operations', () => {
  /** `service.Projector` → the `topic:EventName.vN` messages of its receive operations in the document. */
  async function receivers(): Promise<Map<string, string[]>> {
    const { document } = await new Parser().parse(readFileSync(ASYNCAPI_FILE, 'utf8'));
    const found = new Map<string, string[]>();
    for (const operation of document!.operations().all()) {
      if (!operation.isReceive()) continue;
      const consumer = (operation.json() as { title: string }).title.replace(/^(\S+) \((\S+)\).*$/, '$1.$2');
      const address = operation.channels().all()[0].address();
      const messages = operation
        .messages()
        .all()
        .map((m) => `${address}:${m.name()}.${m.title()!.split(' ')[1]}`);
      found.set(consumer, [...(found.get(consumer) ?? []), ...messages]);
    }
    return found;
  }

  it('list, for every projector of every service, each event it applies on the topic it reads', async () => {
    const documented = await receivers();
    const consumers = eventConsumers();
    expect(consumers.length).toBeGreaterThanOrEqual(5);
    for (const consumer of consumers) {
      expect(documented.get(`${consumer.service}.${consumer.projector}`)?.sort()).toEqual(
        consumer.contracts.map((c) => `${c.domain}.events.v1:${c.name}.v${c.version}`).sort(),
      );
    }
    expect([...documented.keys()].sort()).toEqual(consumers.map((c) => `${c.service}.${c.projector}`).sort());
  });

  it('name the audit and supplies as consumers of every version of the money events they follow', async () => {
    const documented = await receivers();
    expect(documented.get('audit.MoneyFlowProjector')).toEqual(
      expect.arrayContaining([
        'incidents.events.v1:FundContributionRecorded.v1',
        'incidents.events.v1:FundContributionRecorded.v2',
        'incidents.events.v1:FundContributionRecorded.v3',
        'incidents.events.v1:FundAllocated.v1',
        'incidents.events.v1:FundAllocated.v2',
        'incidents.events.v1:FundAllocated.v3',
        'incidents.events.v1:FundAllocationReturned.v1',
        'supplies.events.v1:ProcurementRecorded.v1',
        'supplies.events.v1:ProcurementRecorded.v2',
        'supplies.events.v1:ProcurementRecorded.v3',
        'supplies.events.v1:ProcurementRefunded.v1',
        'supplies.events.v1:ProcurementDeliveryAccepted.v1',
      ]),
    );
    expect(documented.get('supplies.AllocationProjector')?.sort()).toEqual([
      'incidents.events.v1:FundAllocated.v1',
      'incidents.events.v1:FundAllocated.v2',
      'incidents.events.v1:FundAllocated.v3',
      'incidents.events.v1:FundAllocationReturned.v1',
      'incidents.events.v1:IncidentReported.v1',
      'incidents.events.v1:IncidentReported.v2',
    ]);
    // The incidents service learns what supplies paid out of its allocations and refunded to them.
    expect(documented.get('incidents.SuppliesSpendingProjector')?.sort()).toEqual([
      'supplies.events.v1:ProcurementDeliveryAccepted.v1',
      'supplies.events.v1:ProcurementRecorded.v3',
      'supplies.events.v1:ProcurementRefunded.v1',
      'supplies.events.v1:PropertyRequisitionCompensated.v1',
      'supplies.events.v1:RequisitionRepaidInMoney.v1',
      'supplies.events.v1:ShelterCostPaid.v1',
      'supplies.events.v1:ShelterCostRefunded.v1',
    ]);
    for (const service of ['incidents', 'plans', 'supplies']) {
      expect(documented.get(`${service}.KnownOrganisationsProjector`)).toContain(
        'organisations.events.v1:OrganisationDissolved.v1',
      );
    }
  });
});

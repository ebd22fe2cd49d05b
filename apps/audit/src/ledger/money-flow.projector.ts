import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  carriesMoney,
  FundAllocatedV1Contract,
  FundContributionRecordedV1Contract,
  IncidentReported,
  IncidentReportedV1Contract,
  MONEY_CONTRACTS,
  ProcurementRecordedV1Contract,
  ReconstructionFundEstablished,
  type FlowSource,
  type MoneyBlock,
  type MoneyBlockV1,
} from '@emergency/contracts';
import { on, type CloudEvent } from '@emergency/events';
import type { EventProjector } from '@emergency/subgraph';
import type { NewFlow } from './ledger.repository';
import type { BookSource } from './money-book';
import { LedgerService } from './ledger.service';
import { allocationFactsOf, contributionFactsOf } from './source-facts';

/** The producing domains whose money the audit follows. */
const MONEY_DOMAINS = ['incidents', 'supplies'];

type FlowOf = Omit<NewFlow, 'sourceEventId' | 'sourceEventType'>;

/** Sources of an event published before origins were stated: the projector derives them when it records the flow. */
const unattributed = (sources: FlowSource[]): BookSource[] =>
  sources.map((s) => ({ flowId: s.flowId, amountFen: BigInt(s.amountFen), origins: [] }));

const isBlockV1 = (money: MoneyBlock | MoneyBlockV1): money is MoneyBlockV1 => !('form' in money);

/**
 * The audit flow a money block records (either version); null for a pledge, which is a promise and moves no money.
 * The first block's SPENT is DISBURSED (paid out to a supplier), its sources carry no origins and it moves cash.
 */
export function flowOfMoney(money: MoneyBlock | MoneyBlockV1): FlowOf | null {
  if (money.stage === 'PLEDGED') return null;
  const common = {
    id: money.flowId,
    fundId: money.fundId,
    incidentId: money.incidentId,
    allocationId: money.allocationId,
    amountFen: BigInt(money.amountFen),
    payerOrganisationId: money.payer.organisationId,
    payerName: money.payer.name,
    payeeOrganisationId: money.payee.organisationId,
    payeeName: money.payee.name,
    description: money.description,
    occurredAt: new Date(money.occurredAt),
  };
  if (isBlockV1(money)) {
    return {
      ...common,
      stage: money.stage === 'SPENT' ? 'DISBURSED' : money.stage,
      reverses: null,
      projectId: null,
      form: 'CASH',
      goods: [],
      valuationBasis: null,
      sources: unattributed(money.sources),
    };
  }
  return {
    ...common,
    stage: money.stage,
    reverses: money.reverses,
    projectId: money.projectId,
    form: money.form,
    goods: money.goods.map((g) => ({
      ...g,
      unitValueFen: BigInt(g.unitValueFen),
      amountFen: BigInt(g.amountFen),
    })),
    valuationBasis: money.valuationBasis,
    sources: money.sources.map((s) => ({
      flowId: s.flowId,
      amountFen: BigInt(s.amountFen),
      origins: s.origins.map((o) => ({ contributionId: o.contributionId, amountFen: BigInt(o.amountFen) })),
    })),
  };
}

/** The columns a flow of an event published before the money block leaves at their defaults. */
const LEGACY: Pick<FlowOf, 'reverses' | 'projectId' | 'form' | 'goods' | 'valuationBasis'> = {
  reverses: null,
  projectId: null,
  form: 'CASH',
  goods: [],
  valuationBasis: null,
};

/**
 * Turns the incidents and supplies services' money events into audit flows, keeping beside them the facts of the
 * contributions and allocations they record (source-facts.ts). Every event that carries the money block is mapped
 * by one rule, whatever its name; events published before the block (v1) are mapped one by one.
 */
@Injectable()
export class MoneyFlowProjector implements EventProjector {
  readonly domains = MONEY_DOMAINS;

  constructor(private readonly ledger: LedgerService) {}

  private record(manager: EntityManager, event: CloudEvent, flow: FlowOf | null) {
    return flow ? this.ledger.record(manager, event, flow) : Promise.resolve();
  }

  bindings() {
    return [
      on(IncidentReported, (event, manager) => this.ledger.rememberIncident(manager, event)),
      on(IncidentReportedV1Contract, (event, manager) => this.ledger.rememberIncident(manager, event)),
      on(ReconstructionFundEstablished, (event, manager) => this.ledger.rememberFund(manager, event)),
      // One rule for every event of these domains that carries the money block, whatever its name or version.
      ...MONEY_CONTRACTS.filter((contract) => MONEY_DOMAINS.includes(contract.domain)).map((contract) =>
        on(contract, async (event, manager) => {
          await this.ledger.rememberSources(manager, event, [
            contributionFactsOf(event.data),
            allocationFactsOf(event.data),
          ]);
          await this.record(manager, event, carriesMoney(event.data) ? flowOfMoney(event.data.money) : null);
        }),
      ),
      // v1, published before the money block; kept so the events already on the topics are still projected.
      on(FundContributionRecordedV1Contract, async (event, manager) => {
        const c = event.data;
        await this.ledger.rememberSources(manager, event, [contributionFactsOf(c)]);
        // A pledge is a promise, not money: only a paid contribution is raised.
        if (c.status !== 'PAID') return;
        await this.record(manager, event, {
          ...LEGACY,
          id: c.contributionId,
          stage: 'RAISED',
          allocationId: null,
          fundId: c.fundId,
          incidentId: c.incidentId,
          amountFen: BigInt(c.amountFen),
          payerOrganisationId: c.payerOrganisationId,
          payerName: c.contributorName,
          payeeOrganisationId: c.payeeOrganisationId,
          payeeName: null,
          description: `${c.kind === 'APPROPRIATION' ? 'Appropriation' : 'Donation'} from ${c.contributorName}`,
          occurredAt: new Date(event.time),
          sources: [],
        });
      }),
      on(FundAllocatedV1Contract, (event, manager) =>
        this.record(manager, event, {
          ...LEGACY,
          id: event.data.allocationId,
          stage: 'ALLOCATED',
          allocationId: event.data.allocationId,
          fundId: event.data.fundId,
          incidentId: event.data.incidentId,
          amountFen: BigInt(event.data.amountFen),
          payerOrganisationId: event.data.payerOrganisationId,
          payerName: null,
          payeeOrganisationId: event.data.payeeOrganisationId,
          payeeName: null,
          description: event.data.purpose,
          occurredAt: new Date(event.time),
          sources: unattributed(event.data.sources),
        }),
      ),
      on(ProcurementRecordedV1Contract, (event, manager) =>
        this.record(manager, event, {
          ...LEGACY,
          id: event.data.procurementId,
          stage: 'DISBURSED',
          allocationId: event.data.allocationId,
          fundId: event.data.fundId,
          incidentId: event.data.incidentId,
          amountFen: BigInt(event.data.amountFen),
          payerOrganisationId: event.data.payerOrganisationId,
          payerName: null,
          payeeOrganisationId: null,
          payeeName: event.data.supplierName,
          description: `${event.data.quantity} × ${event.data.itemDescription}`,
          occurredAt: new Date(event.time),
          sources: unattributed(event.data.sources),
        }),
      ),
    ];
  }
}

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  carriesMoney,
  FundAllocatedV1Contract,
  FundContributionRecordedV1Contract,
  IncidentReported,
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
import { LedgerService } from './ledger.service';

/** The producing domains whose money the audit follows. */
const MONEY_DOMAINS = ['incidents', 'supplies'];

type FlowOf = Omit<NewFlow, 'sourceEventId' | 'sourceEventType'>;

const links = (sources: FlowSource[]) =>
  sources.map((s) => ({ sourceFlowId: s.flowId, amountFen: BigInt(s.amountFen) }));

/** The audit flow a money block records; null for a pledge, which is a promise and moves no money. */
export function flowOfMoney(money: MoneyBlock | MoneyBlockV1): FlowOf | null {
  if (money.stage === 'PLEDGED') return null;
  return {
    id: money.flowId,
    stage: money.stage === 'DISBURSED' || money.stage === 'USED' ? 'SPENT' : money.stage,
    fundId: money.fundId,
    incidentId: money.incidentId,
    amountFen: BigInt(money.amountFen),
    payerOrganisationId: money.payer.organisationId,
    payerName: money.payer.name,
    payeeOrganisationId: money.payee.organisationId,
    payeeName: money.payee.name,
    description: money.description,
    occurredAt: new Date(money.occurredAt),
    links: links(money.sources),
  };
}

/**
 * Turns the incidents and supplies services' money events into audit flows. Every event that carries the money
 * block is mapped by one rule, whatever its name; events published before the block (v1) are mapped one by one.
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
      on(ReconstructionFundEstablished, (event, manager) => this.ledger.rememberFund(manager, event)),
      // One rule for every event of these domains that carries the money block, whatever its name or version.
      ...MONEY_CONTRACTS.filter((contract) => MONEY_DOMAINS.includes(contract.domain)).map((contract) =>
        on(contract, (event, manager) =>
          this.record(manager, event, carriesMoney(event.data) ? flowOfMoney(event.data.money) : null),
        ),
      ),
      // v1, published before the money block; kept so the events already on the topics are still projected.
      on(FundContributionRecordedV1Contract, (event, manager) => {
        const c = event.data;
        // A pledge is a promise, not money: only a paid contribution is raised.
        if (c.status !== 'PAID') return Promise.resolve();
        return this.record(manager, event, {
          id: c.contributionId,
          stage: 'RAISED',
          fundId: c.fundId,
          incidentId: c.incidentId,
          amountFen: BigInt(c.amountFen),
          payerOrganisationId: c.payerOrganisationId,
          payerName: c.contributorName,
          payeeOrganisationId: c.payeeOrganisationId,
          payeeName: null,
          description: `${c.kind === 'APPROPRIATION' ? 'Appropriation' : 'Donation'} from ${c.contributorName}`,
          occurredAt: new Date(event.time),
          links: [],
        });
      }),
      on(FundAllocatedV1Contract, (event, manager) =>
        this.record(manager, event, {
          id: event.data.allocationId,
          stage: 'ALLOCATED',
          fundId: event.data.fundId,
          incidentId: event.data.incidentId,
          amountFen: BigInt(event.data.amountFen),
          payerOrganisationId: event.data.payerOrganisationId,
          payerName: null,
          payeeOrganisationId: event.data.payeeOrganisationId,
          payeeName: null,
          description: event.data.purpose,
          occurredAt: new Date(event.time),
          links: links(event.data.sources),
        }),
      ),
      on(ProcurementRecordedV1Contract, (event, manager) =>
        this.record(manager, event, {
          id: event.data.procurementId,
          stage: 'SPENT',
          fundId: event.data.fundId,
          incidentId: event.data.incidentId,
          amountFen: BigInt(event.data.amountFen),
          payerOrganisationId: event.data.payerOrganisationId,
          payerName: null,
          payeeOrganisationId: null,
          payeeName: event.data.supplierName,
          description: `${event.data.quantity} × ${event.data.itemDescription}`,
          occurredAt: new Date(event.time),
          links: links(event.data.sources),
        }),
      ),
    ];
  }
}

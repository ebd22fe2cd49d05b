/**
 * A fund's money as bands from stage to stage, widths in fen: from each contributor into the fund (raised), from
 * the fund to each recipient of an allocation (allocated), from each recipient to each payee (disbursed, split by
 * the allocations a payment drew on). What stays behind is a band of its own: the fund's money not allocated, and
 * each recipient's not paid out. A reversal (a return, a refund, a correction) narrows the band of the flow it
 * undoes. Bands that net to zero are left out.
 */

export type SankeyStage = 'RAISED' | 'ALLOCATED' | 'DISBURSED' | 'UNALLOCATED' | 'UNDISBURSED';

export interface SankeyFlow {
  id: string;
  stage: string;
  amountFen: string;
  reverses?: string | null;
  payerName?: string | null;
  payeeName?: string | null;
  payer?: { id: string; name: string } | null;
  payee?: { id: string; name: string } | null;
  sources?: readonly { flowId: string; amountFen: string }[];
}

/** A node: a party in one column (contributors, the fund, recipients, payees), so no band turns back. */
export interface SankeyNode {
  id: string;
  name: string;
  column: number;
}

export interface SankeyBand {
  stage: SankeyStage;
  /** Node ids. */
  source: string;
  target: string;
  valueFen: bigint;
  /** The flows the band is made of (none for what stays behind). */
  flowIds: string[];
}

export interface SankeyModel {
  nodes: SankeyNode[];
  bands: SankeyBand[];
}

/** Labels of the nodes that are not parties. */
export interface SankeyLabels {
  fund: string;
  unallocated: string;
  undisbursed: (recipient: string) => string;
}

const party = (name?: string | null, organisation?: { name: string } | null) =>
  organisation?.name ?? name ?? '—';

export function sankeyOf(flows: readonly SankeyFlow[], labels: SankeyLabels): SankeyModel {
  const byId = new Map(flows.map((f) => [f.id, f]));
  const nodes = new Map<string, SankeyNode>();
  const node = (column: number, name: string) => {
    const id = `${column}:${name}`;
    if (!nodes.has(id)) nodes.set(id, { id, name, column });
    return id;
  };
  const fund = node(1, labels.fund);
  const bands = new Map<string, SankeyBand>();
  const add = (stage: SankeyStage, source: string, target: string, fen: bigint, flowId?: string) => {
    const key = `${stage}\u0000${source}\u0000${target}`;
    const band = bands.get(key) ?? { stage, source, target, valueFen: 0n, flowIds: [] };
    band.valueFen += fen;
    if (flowId && !band.flowIds.includes(flowId)) band.flowIds.push(flowId);
    bands.set(key, band);
  };
  /** Who received an allocation: its payee. */
  const recipientOf = (allocation: SankeyFlow) => node(2, party(allocation.payeeName, allocation.payee));

  for (const flow of flows) {
    // A reversal moves along the band of the flow it undoes, the other way.
    const forward = flow.reverses ? byId.get(flow.reverses) : flow;
    if (!forward) continue;
    const sign = flow.reverses ? -1n : 1n;
    const amount = sign * BigInt(flow.amountFen);
    switch (flow.stage) {
      case 'RAISED':
        add('RAISED', node(0, party(forward.payerName, forward.payer)), fund, amount, flow.id);
        break;
      case 'ALLOCATED':
        add('ALLOCATED', fund, recipientOf(forward), amount, flow.id);
        break;
      case 'DISBURSED': {
        const payee = node(3, party(forward.payeeName, forward.payee));
        const payer = node(2, party(forward.payerName, forward.payer));
        // A payment is split by the allocations it draws on; its own sources when it is forward money, else the
        // sources of the payment it undoes, in proportion to what the reversal gives back.
        const sources = (flow.reverses ? forward.sources : flow.sources) ?? [];
        const drawn = sources.reduce((t, s) => t + BigInt(s.amountFen), 0n);
        if (drawn === 0n) {
          add('DISBURSED', payer, payee, amount, flow.id);
          break;
        }
        let left = amount;
        sources.forEach((source, i) => {
          const allocation = byId.get(source.flowId);
          const part = i === sources.length - 1 ? left : (amount * BigInt(source.amountFen)) / drawn;
          left -= part;
          const from = allocation ? recipientOf(allocation) : payer;
          add('DISBURSED', from, payee, part, flow.id);
        });
        break;
      }
    }
  }

  const total = (stage: SankeyStage, pick: (b: SankeyBand) => boolean = () => true) =>
    [...bands.values()].filter((b) => b.stage === stage && pick(b)).reduce((t, b) => t + b.valueFen, 0n);
  const unallocated = total('RAISED') - total('ALLOCATED');
  if (unallocated > 0n) add('UNALLOCATED', fund, node(3, labels.unallocated), unallocated);
  const recipients = new Set([...bands.values()].filter((b) => b.stage === 'ALLOCATED').map((b) => b.target));
  for (const recipient of recipients) {
    const left =
      total('ALLOCATED', (b) => b.target === recipient) - total('DISBURSED', (b) => b.source === recipient);
    if (left > 0n)
      add('UNDISBURSED', recipient, node(3, labels.undisbursed(nodes.get(recipient)!.name)), left);
  }

  const kept = [...bands.values()].filter((b) => b.valueFen > 0n);
  const used = new Set(kept.flatMap((b) => [b.source, b.target]));
  return { nodes: [...nodes.values()].filter((n) => used.has(n.id)), bands: kept };
}

/** The sum of the bands of one stage, in fen. */
export function stageTotal(model: SankeyModel, stage: SankeyStage): bigint {
  return model.bands.filter((b) => b.stage === stage).reduce((t, b) => t + b.valueFen, 0n);
}

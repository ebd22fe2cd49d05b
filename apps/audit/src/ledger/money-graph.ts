/** The audit's view of one fund's money: every recorded flow and what it draws on, and the rules that check it. */

export type FlowStage = 'RAISED' | 'ALLOCATED' | 'SPENT';

export interface FlowLink {
  sourceFlowId: string;
  amountFen: bigint;
}

export interface GraphFlow {
  id: string;
  stage: FlowStage;
  amountFen: bigint;
  /** Recording order; the uses of one flow draw on it in this order. */
  seq: bigint;
  /** What this flow draws on, in the order its producer listed them. */
  links: FlowLink[];
}

export interface Origin {
  flowId: string;
  amountFen: bigint;
}

/** Which stage a flow of each stage may draw on. */
const SOURCE_STAGE: Record<FlowStage, FlowStage | null> = {
  RAISED: null,
  ALLOCATED: 'RAISED',
  SPENT: 'ALLOCATED',
};

interface Use {
  flowSeq: bigint;
  position: number;
  flowId: string;
  amountFen: bigint;
}

/**
 * A fund's flows with exact, integer attribution. Money inside a flow is an ordered run of segments, each from one
 * raised contribution; a flow drawing on a source takes the next unused stretch of the source's run (first in,
 * first out, as the incidents service allocates contributions). So every fen spent traces to exactly one
 * contribution, with no rounding.
 */
export class MoneyGraph {
  private readonly byId = new Map<string, GraphFlow>();
  private readonly uses = new Map<string, Use[]>();
  private readonly runs = new Map<string, Origin[]>();

  constructor(readonly flows: readonly GraphFlow[]) {
    for (const flow of flows) this.byId.set(flow.id, flow);
    for (const flow of flows) {
      flow.links.forEach((link, position) => {
        const list = this.uses.get(link.sourceFlowId) ?? [];
        list.push({ flowSeq: flow.seq, position, flowId: flow.id, amountFen: link.amountFen });
        this.uses.set(link.sourceFlowId, list);
      });
    }
    for (const list of this.uses.values()) {
      list.sort((a, b) =>
        a.flowSeq === b.flowSeq ? a.position - b.position : a.flowSeq < b.flowSeq ? -1 : 1,
      );
    }
  }

  get(id: string): GraphFlow | undefined {
    return this.byId.get(id);
  }

  total(stage: FlowStage): bigint {
    return this.flows.reduce((sum, f) => (f.stage === stage ? sum + f.amountFen : sum), 0n);
  }

  /** The flows that draw on `flowId`, in the order they did. */
  usesOf(flowId: string): readonly Use[] {
    return this.uses.get(flowId) ?? [];
  }

  /**
   * The raised flows a flow's money came from and how much of each, in run order. Money drawn from a source the
   * audit has not recorded (yet) is left out: {@link discrepancies} reports it.
   */
  origins(flowId: string): Origin[] {
    const merged = new Map<string, bigint>();
    for (const segment of this.run(flowId)) {
      merged.set(segment.flowId, (merged.get(segment.flowId) ?? 0n) + segment.amountFen);
    }
    return [...merged].map(([id, amountFen]) => ({ flowId: id, amountFen }));
  }

  private run(flowId: string): Origin[] {
    const cached = this.runs.get(flowId);
    if (cached) return cached;
    const flow = this.byId.get(flowId);
    let run: Origin[] = [];
    if (flow?.stage === 'RAISED') run = [{ flowId: flow.id, amountFen: flow.amountFen }];
    else if (flow) {
      flow.links.forEach((link, position) => {
        const offset = this.drawnBefore(link.sourceFlowId, flow, position);
        run.push(...slice(this.run(link.sourceFlowId), offset, link.amountFen));
      });
    }
    this.runs.set(flowId, run);
    return run;
  }

  private drawnBefore(sourceId: string, flow: GraphFlow, position: number): bigint {
    let drawn = 0n;
    for (const use of this.usesOf(sourceId)) {
      if (use.flowId === flow.id && use.position === position) break;
      drawn += use.amountFen;
    }
    return drawn;
  }

  /** Everything that keeps the fund from reconciling to the fen, in words an auditor can act on. Empty when it does. */
  discrepancies(): string[] {
    const found: string[] = [];
    for (const flow of this.flows) {
      const expected = SOURCE_STAGE[flow.stage];
      if (!expected) {
        if (flow.links.length > 0) found.push(`raised flow ${flow.id} draws on other flows`);
        continue;
      }
      const drawn = flow.links.reduce((sum, l) => sum + l.amountFen, 0n);
      if (drawn !== flow.amountFen) {
        found.push(
          `${flow.stage.toLowerCase()} flow ${flow.id} moves ${flow.amountFen} fen but draws ${drawn} fen`,
        );
      }
      for (const link of flow.links) {
        const source = this.byId.get(link.sourceFlowId);
        if (!source) {
          found.push(`flow ${flow.id} draws on flow ${link.sourceFlowId}, not recorded in this fund`);
        } else if (source.stage !== expected) {
          found.push(
            `${flow.stage.toLowerCase()} flow ${flow.id} draws on ${source.stage.toLowerCase()} flow ${source.id}`,
          );
        }
      }
    }
    for (const flow of this.flows) {
      const drawn = this.usesOf(flow.id).reduce((sum, u) => sum + u.amountFen, 0n);
      if (drawn > flow.amountFen) {
        found.push(`flow ${flow.id} holds ${flow.amountFen} fen but ${drawn} fen is drawn on it`);
      }
    }
    return found;
  }
}

/** `length` fen of a run, starting `offset` fen in; shorter when the run runs out. */
function slice(run: readonly Origin[], offset: bigint, length: bigint): Origin[] {
  const out: Origin[] = [];
  let skip = offset;
  let left = length;
  for (const segment of run) {
    if (left === 0n) break;
    if (skip >= segment.amountFen) {
      skip -= segment.amountFen;
      continue;
    }
    const take = segment.amountFen - skip < left ? segment.amountFen - skip : left;
    out.push({ flowId: segment.flowId, amountFen: take });
    left -= take;
    skip = 0n;
  }
  return out;
}

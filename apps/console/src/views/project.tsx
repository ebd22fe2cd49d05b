import { FlowOriginsDocument, ProjectPaymentsDocument, type FlowSummaryFragment } from '../generated/graphql';
import { request } from '../client';
import { sumFen, yuan } from '../format';
import { hashOf } from '../route';
import { ContributionShares } from './contributions';
import { Loading, Table, useLoad, useSettings, Yuan } from '../ui';

async function projectTrace(projectId: string) {
  const { reconstructionProject: project } = await request(ProjectPaymentsDocument, { id: projectId });
  if (!project) return null;
  // Each payment's contributions, less what each of its refunds gave back to them.
  const flowIds = project.payments.flatMap((p) => [p.id, ...p.refunds.map((r) => r.id)]);
  const flows = await Promise.all(
    flowIds.map((id) => request(FlowOriginsDocument, { id }).then((r) => r.flow)),
  );
  const byContribution = new Map<
    string,
    { contributionId: string; amountFen: bigint; flow: FlowSummaryFragment | null }
  >();
  for (const flow of flows) {
    for (const origin of flow?.origins ?? []) {
      const entry = byContribution.get(origin.contributionId) ?? {
        contributionId: origin.contributionId,
        amountFen: 0n,
        flow: origin.flow ?? null,
      };
      entry.amountFen += (flow?.reverses ? -1n : 1n) * BigInt(origin.amountFen);
      byContribution.set(origin.contributionId, entry);
    }
  }
  return { project, contributions: [...byContribution.values()].filter((c) => c.amountFen !== 0n) };
}

/** A reconstruction project followed back: its payments, and the contributions that paid for it, net of refunds. */
export function ProjectView({ projectId }: { projectId: string }) {
  const { t } = useSettings();
  const [loaded] = useLoad(() => projectTrace(projectId), `project ${projectId}`);
  return (
    <Loading loaded={loaded}>
      {(found) => {
        if (!found) return <p>{t.nothing}</p>;
        const { project, contributions } = found;
        const total = sumFen(contributions.map((c) => c.amountFen));
        return (
          <section>
            <h2>
              {t.project}: {project.name}
            </h2>
            <p className={total === BigInt(project.paidFen) ? 'ok' : 'warning'} data-testid="project-check">
              {t.projectPaid} {yuan(project.paidFen)} — {t.sumOfRows} {yuan(total)}{' '}
              {total === BigInt(project.paidFen) ? t.matches : t.differs}
            </p>
            <ContributionShares
              caption={t.projectPaidBy}
              file={`project-${projectId}-paid-by`}
              shares={contributions}
            />
            <Table
              caption={t.payments}
              file={`project-${projectId}-payments`}
              rowKey={(p) => p.id}
              rows={project.payments}
              columns={[
                { header: t.date, cell: (p) => p.paidOn, text: (p) => p.paidOn },
                { header: t.voucher, cell: (p) => p.voucherNumber, text: (p) => p.voucherNumber },
                {
                  header: t.amount,
                  numeric: true,
                  cell: (p) => <Yuan fen={p.netFen} />,
                  text: (p) => yuan(p.netFen),
                },
                {
                  header: t.trace,
                  cell: (p) => (
                    <a
                      href={hashOf({ view: 'trace', flowId: p.id })}
                      aria-label={`${t.trace} ${p.voucherNumber}`}
                    >
                      →
                    </a>
                  ),
                  text: (p) => p.id,
                },
              ]}
            />
          </section>
        );
      }}
    </Loading>
  );
}

import { IncidentsDocument } from '../generated/graphql';
import { chinaTime } from '../format';
import { hashOf } from '../route';
import { allPages, Loading, Table, useLoad, useSettings } from '../ui';

/** The disasters within the caller's jurisdiction, each a link to its announcement table. */
export function IncidentsView() {
  const { t } = useSettings();
  const [loaded] = useLoad(
    () =>
      allPages(IncidentsDocument, {}, (r) => ({
        nodes: r.incidents.edges.map((e) => e.node),
        ...r.incidents.pageInfo,
      })),
    'incidents',
  );
  return (
    <section>
      <h2>{t.disasters}</h2>
      <Loading loaded={loaded}>
        {(incidents) => (
          <Table
            caption={t.disasters}
            file="disasters"
            rowKey={(i) => i.id}
            rows={incidents}
            columns={[
              {
                header: t.disasters,
                cell: (i) => <a href={hashOf({ view: 'overview', incidentId: i.id })}>{i.title}</a>,
                text: (i) => i.title,
              },
              { header: t.region, cell: (i) => i.regionCode, text: (i) => i.regionCode },
              {
                header: t.occurredAt,
                cell: (i) => chinaTime(i.occurredAt),
                text: (i) => chinaTime(i.occurredAt),
              },
              {
                header: t.funds,
                cell: (i) => i.funds.map((f) => f.name).join('；'),
                text: (i) => i.funds.map((f) => f.name).join('; '),
              },
            ]}
          />
        )}
      </Loading>
    </section>
  );
}

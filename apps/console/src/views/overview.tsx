import { AnnouncementDocument, type AnnouncementQuery } from '../generated/graphql';
import { request } from '../client';
import { chinaTime, yuan } from '../format';
import { hashOf } from '../route';
import { Loading, Table, useLoad, useSettings, Yuan } from '../ui';

type Figure = NonNullable<AnnouncementQuery['disasterAnnouncement']>['figures'][number];

const SECTIONS = ['RAISED', 'RECEIVER', 'SPENT', 'BALANCE', 'PROBLEMS', 'FOLLOW_UP'] as const;

/**
 * A disaster's announcement table as the National Audit Office publishes it, section by section; every amount is a
 * link to the flows and findings behind it.
 */
export function OverviewView({ incidentId, asOf }: { incidentId: string; asOf?: string }) {
  const { t, language } = useSettings();
  const [loaded] = useLoad(
    () => request(AnnouncementDocument, { incidentId, asOf: asOf ?? null }),
    `announcement ${incidentId} ${asOf}`,
  );
  const itemOf = (f: Figure) => {
    const item = language === 'en' ? f.itemEn : f.item;
    return f.organisation ? t.labelled(item, f.organisation.name) : item;
  };
  return (
    <Loading loaded={loaded}>
      {({ disasterAnnouncement: announcement }) =>
        !announcement ? (
          <p>{t.nothing}</p>
        ) : (
          <section>
            <h2>
              {announcement.incident?.title ?? incidentId} — {t.overview}
            </h2>
            <p className="as-of">
              {t.asOf} {chinaTime(announcement.asOf)}
            </p>
            {SECTIONS.map((section) => {
              const figures = announcement.figures.filter((f) => f.section === section);
              if (figures.length === 0) return null;
              return (
                <Table
                  key={section}
                  caption={t.section[section]}
                  file={`announcement-${section.toLowerCase()}`}
                  rowKey={(f) => f.key}
                  rows={figures}
                  columns={[
                    { header: t.item, cell: itemOf, text: itemOf },
                    {
                      header: t.amountYuan,
                      numeric: true,
                      cell: (f) => (
                        <a
                          href={hashOf({ view: 'figure', incidentId, key: f.key }, asOf)}
                          data-figure={f.key}
                          title={t.recordsBehind}
                        >
                          <Yuan fen={f.amountFen} />
                        </a>
                      ),
                      text: (f) => yuan(f.amountFen),
                    },
                    {
                      header: t.count,
                      numeric: true,
                      cell: (f) => (f.count === null || f.count === undefined ? '' : f.count),
                      text: (f) => (f.count === null || f.count === undefined ? '' : String(f.count)),
                    },
                  ]}
                />
              );
            })}
          </section>
        )
      }
    </Loading>
  );
}

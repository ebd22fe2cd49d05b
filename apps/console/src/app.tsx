import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { IncidentSummaryDocument } from './generated/graphql';
import { callerOf, request, session } from './client';
import { MESSAGES, type Language } from './i18n';
import { hashOf, parseHash, type Route } from './route';
import { Loading, SettingsContext, useLoad, useSettings, type Settings } from './ui';
import { AnomaliesView } from './views/anomalies';
import { FigureView } from './views/figure';
import { FindingsView } from './views/findings';
import { LotView } from './views/goods';
import { IncidentsView } from './views/incidents';
import { MoneyFlowView } from './views/money-flow';
import { OverviewView } from './views/overview';
import { ProjectView } from './views/project';
import { TraceView } from './views/trace';

const LANGUAGE_KEY = 'console.language';

function useHash() {
  const [hash, setHash] = useState(window.location.hash);
  useEffect(() => {
    const changed = () => setHash(window.location.hash);
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  return hash;
}

export function App() {
  const [token, setToken] = useState(session.token());
  const [language, setLanguage] = useState<Language>(
    localStorage.getItem(LANGUAGE_KEY) === 'en' ? 'en' : 'zh-CN',
  );
  const [expired, setExpired] = useState(false);
  const caller = token ? callerOf(token) : null;
  const settings = useMemo<Settings>(
    () => ({
      language,
      t: MESSAGES[language],
      setLanguage: (next) => {
        localStorage.setItem(LANGUAGE_KEY, next);
        setLanguage(next);
      },
      canAudit: !!caller?.roles.some((r) => r === 'auditor' || r === 'admin'),
      onUnauthorised: () => {
        session.signOut();
        setExpired(true);
        setToken(null);
      },
    }),
    [language, caller],
  );
  useEffect(() => {
    document.documentElement.lang = language;
    document.title = settings.t.title;
  }, [language, settings.t.title]);
  const signOut = () => {
    session.signOut();
    setToken(null);
  };
  return (
    <SettingsContext.Provider value={settings}>
      <header className="top">
        <div>
          <h1>
            <a href="#/">{settings.t.title}</a>
          </h1>
          <p>{settings.t.subtitle}</p>
        </div>
        <div className="who">
          {caller && (
            <span>
              {settings.t.signedInAs} {caller.name} · {settings.t.jurisdiction}{' '}
              {caller.regionCode ?? settings.t.allRegions} · {settings.t.roles} {caller.roles.join(', ')}
            </span>
          )}
          <button type="button" onClick={() => settings.setLanguage(language === 'en' ? 'zh-CN' : 'en')}>
            {settings.t.language}
          </button>
          {token && (
            <button type="button" onClick={signOut}>
              {settings.t.signOut}
            </button>
          )}
        </div>
      </header>
      <main>
        {token ? (
          <Routed />
        ) : (
          <SignIn
            expired={expired}
            onSignIn={(value) => {
              session.signIn(value);
              setExpired(false);
              setToken(session.token());
            }}
          />
        )}
      </main>
    </SettingsContext.Provider>
  );
}

function SignIn({ expired, onSignIn }: { expired: boolean; onSignIn: (token: string) => void }) {
  const { t } = useSettings();
  const [value, setValue] = useState('');
  const [invalid, setInvalid] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!callerOf(value.trim())) return setInvalid(true);
    onSignIn(value);
  };
  return (
    <form className="sign-in" onSubmit={submit}>
      <h2>{t.signIn}</h2>
      {(expired || invalid) && <p role="alert">{t.tokenInvalid}</p>}
      <label htmlFor="token">{t.token}</label>
      <textarea id="token" rows={4} value={value} onChange={(event) => setValue(event.target.value)} />
      <p className="help">{t.tokenHelp}</p>
      <button type="submit">{t.signIn}</button>
    </form>
  );
}

function Routed() {
  const { route, asOf } = parseHash(useHash());
  if (route.view === 'incidents') return <IncidentsView />;
  if (route.view === 'trace') return <TraceView flowId={route.flowId} />;
  if (route.view === 'lot') return <LotView lotId={route.lotId} />;
  if (route.view === 'project') return <ProjectView projectId={route.projectId} />;
  return (
    <>
      <IncidentNav route={route} asOf={asOf} />
      {route.view === 'overview' && <OverviewView incidentId={route.incidentId} asOf={asOf} />}
      {route.view === 'figure' && (
        <FigureView incidentId={route.incidentId} figureKey={route.key} asOf={asOf} />
      )}
      {route.view === 'flows' && <MoneyFlowView incidentId={route.incidentId} fundId={route.fundId} />}
      {route.view === 'anomalies' && <AnomaliesView incidentId={route.incidentId} />}
      {route.view === 'findings' && <IncidentFindings incidentId={route.incidentId} />}
    </>
  );
}

type IncidentRoute = Exclude<
  Route,
  { view: 'incidents' } | { view: 'trace' } | { view: 'lot' } | { view: 'project' }
>;

function IncidentNav({ route, asOf }: { route: IncidentRoute; asOf?: string }) {
  const { t } = useSettings();
  const incidentId = route.incidentId;
  const tabs: [IncidentRoute['view'], string, Route][] = [
    ['overview', t.overview, { view: 'overview', incidentId }],
    ['flows', t.moneyFlow, { view: 'flows', incidentId }],
    ['anomalies', t.anomalies, { view: 'anomalies', incidentId }],
    ['findings', t.findings, { view: 'findings', incidentId }],
  ];
  return (
    <nav className="tabs" aria-label={t.disasters}>
      <a href="#/">← {t.disasters}</a>
      {tabs.map(([view, name, target]) => (
        <a
          key={view}
          href={hashOf(target, asOf)}
          aria-current={
            route.view === view || (view === 'overview' && route.view === 'figure') ? 'page' : undefined
          }
        >
          {name}
        </a>
      ))}
    </nav>
  );
}

/** Findings of the disaster's region (and below). */
function IncidentFindings({ incidentId }: { incidentId: string }) {
  const { t } = useSettings();
  const [loaded] = useLoad(
    () => request(IncidentSummaryDocument, { id: incidentId }),
    `region ${incidentId}`,
  );
  return (
    <Loading loaded={loaded}>
      {({ incident }) => (incident ? <FindingsView regionCode={incident.regionCode} /> : <p>{t.nothing}</p>)}
    </Loading>
  );
}

/**
 * Every view of the console is a URL (the part after `#`), so it can be shared and reloaded:
 *   #/                                        the disasters the caller can see
 *   #/incident/<id>                           a disaster's announcement table
 *   #/incident/<id>/figure/<key>              the flows and findings behind one figure
 *   #/incident/<id>/flows[?fund=&stage=]      the money's flow as a Sankey diagram, and the fund's flows
 *   #/incident/<id>/anomalies                 anomalies with their evidence
 *   #/incident/<id>/findings                  findings and their rectification
 *   #/flow/<id>                               one flow traced back to its contributions and forward to its uses
 *   #/lot/<id>                                a lot of goods traced back to the contributions that paid for it
 *   #/project/<id>                            a reconstruction project's payments traced back to their contributions
 * `asOf` (an instant: the announcement as of then) may follow any of them as a query parameter.
 */
export type Route =
  | { view: 'incidents' }
  | { view: 'overview'; incidentId: string }
  | { view: 'figure'; incidentId: string; key: string }
  | { view: 'flows'; incidentId: string; fundId?: string; stage?: string }
  | { view: 'anomalies'; incidentId: string }
  | { view: 'findings'; incidentId: string }
  | { view: 'trace'; flowId: string }
  | { view: 'lot'; lotId: string }
  | { view: 'project'; projectId: string };

export interface Location {
  route: Route;
  asOf?: string;
}

/** The route a hash names; the list of disasters for anything it does not recognise. */
export function parseHash(hash: string): Location {
  const [path, query = ''] = hash.replace(/^#/, '').split('?', 2);
  const params = new URLSearchParams(query);
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const asOf = params.get('asOf') ?? undefined;
  const at = (route: Route): Location => (asOf ? { route, asOf } : { route });
  if (parts[0] === 'flow' && parts[1]) return at({ view: 'trace', flowId: parts[1] });
  if (parts[0] === 'lot' && parts[1]) return at({ view: 'lot', lotId: parts[1] });
  if (parts[0] === 'project' && parts[1]) return at({ view: 'project', projectId: parts[1] });
  if (parts[0] !== 'incident' || !parts[1]) return at({ view: 'incidents' });
  const incidentId = parts[1];
  switch (parts[2]) {
    case undefined:
      return at({ view: 'overview', incidentId });
    case 'figure':
      return parts[3]
        ? at({ view: 'figure', incidentId, key: parts[3] })
        : at({ view: 'overview', incidentId });
    case 'flows': {
      const route: Route = { view: 'flows', incidentId };
      const fundId = params.get('fund');
      const stage = params.get('stage');
      if (fundId) route.fundId = fundId;
      if (stage) route.stage = stage;
      return at(route);
    }
    case 'anomalies':
      return at({ view: 'anomalies', incidentId });
    case 'findings':
      return at({ view: 'findings', incidentId });
    default:
      return at({ view: 'overview', incidentId });
  }
}

/** The hash of a route (the inverse of `parseHash`). */
export function hashOf(route: Route, asOf?: string): string {
  const params = new URLSearchParams();
  const id = encodeURIComponent;
  let path: string;
  switch (route.view) {
    case 'incidents':
      path = '/';
      break;
    case 'overview':
      path = `/incident/${id(route.incidentId)}`;
      break;
    case 'figure':
      path = `/incident/${id(route.incidentId)}/figure/${id(route.key)}`;
      break;
    case 'flows':
      path = `/incident/${id(route.incidentId)}/flows`;
      if (route.fundId) params.set('fund', route.fundId);
      if (route.stage) params.set('stage', route.stage);
      break;
    case 'anomalies':
      path = `/incident/${id(route.incidentId)}/anomalies`;
      break;
    case 'findings':
      path = `/incident/${id(route.incidentId)}/findings`;
      break;
    case 'trace':
      path = `/flow/${id(route.flowId)}`;
      break;
    case 'lot':
      path = `/lot/${id(route.lotId)}`;
      break;
    case 'project':
      path = `/project/${id(route.projectId)}`;
      break;
  }
  if (asOf) params.set('asOf', asOf);
  const query = params.toString();
  return `#${path}${query ? `?${query}` : ''}`;
}

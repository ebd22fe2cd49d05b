import express, { type Router } from 'express';
import { dirname, join } from 'node:path';

/**
 * GraphiQL and the React it runs on, served from the installed packages: the explorer works on a network with no
 * internet, which Apollo's landing page (loaded from Apollo's CDN) does not.
 */
const ASSETS: Record<string, string> = {
  'react.production.min.js': join(dirname(require.resolve('react')), 'umd/react.production.min.js'),
  'react-dom.production.min.js': join(
    dirname(require.resolve('react-dom')),
    'umd/react-dom.production.min.js',
  ),
  'graphiql.min.js': join(dirname(require.resolve('graphiql')), '../graphiql.min.js'),
  'graphiql.min.css': join(dirname(require.resolve('graphiql')), '../graphiql.min.css'),
};

// No inline script, so the page also runs under a Content-Security-Policy of 'self'.
const START = `
const fetcher = GraphiQL.createFetcher({ url: location.pathname });
ReactDOM.createRoot(document.getElementById('explorer')).render(
  React.createElement(GraphiQL, {
    fetcher,
    defaultHeaders: JSON.stringify({ Authorization: 'Bearer <npm run -s token>' }, null, 2),
    defaultEditorToolsVisibility: 'headers',
    shouldPersistHeaders: true,
  }),
);
`;

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Emergency supergraph explorer</title>
    <link rel="stylesheet" href="/explorer/graphiql.min.css" />
    <style>body { margin: 0; } #explorer { height: 100vh; }</style>
  </head>
  <body>
    <div id="explorer">Loading the explorer...</div>
    <script src="/explorer/react.production.min.js"></script>
    <script src="/explorer/react-dom.production.min.js"></script>
    <script src="/explorer/graphiql.min.js"></script>
    <script src="/explorer/start.js"></script>
  </body>
</html>
`;

/** The explorer's page, answered to a browser's GET of the GraphQL endpoint (`accept: text/html`). */
export function explorerPage(): express.RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'GET' || req.accepts(['application/json', 'text/html']) !== 'text/html') {
      return next();
    }
    res.type('html').send(PAGE);
  };
}

/** `/explorer/*`: the page's scripts and style sheet, from node_modules. */
export function explorerAssets(): Router {
  const router = express.Router();
  router.get('/start.js', (_req, res) => {
    res.type('application/javascript').send(START);
  });
  for (const [name, path] of Object.entries(ASSETS)) {
    router.get(`/${name}`, (_req, res, next) => {
      res.sendFile(path, { maxAge: '1h' }, (error) => error && next(error));
    });
  }
  return router;
}

/**
 * GET /api/v3/openapi.json (the generated description, src/rest/openapi.ts) and the docs UI at
 * /api/docs: Swagger UI from the swagger-ui-dist npm package, served by the gateway from
 * node_modules (no CDN: works air-gapped), under a Content-Security-Policy that allows scripts
 * from this origin only (no inline script; the initializer is a file).
 * Who may read the description follows INTROSPECTION, as for GraphQL's `__schema`: with the
 * default (signed-in) an anonymous request gets a 401 with a Basic challenge, so a browser asks
 * for the agent email and API key once (as for GraphiQL) and sends them with the page's fetch of
 * /api/v3/openapi.json. The UI's script and style files are public (they hold nothing of the API).
 */
import type { Context, Hono } from 'hono';
import type { Authenticator } from '../auth/authenticator.js';
import { mayIntrospect } from '../graphql/limits.js';
import type { Config } from '../config.js';
import { errorResponse } from './router.js';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const swaggerDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  // Swagger UI sets style attributes from script; no remote style, font or image.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const page = `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <title>Anytime Gateway REST API</title>
    <link rel="stylesheet" href="/api/docs/swagger-ui.css">
    <link rel="icon" type="image/png" href="/api/docs/favicon-32x32.png">
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/api/docs/swagger-ui-bundle.js"></script>
    <script src="/api/docs/init.js"></script>
  </body>
</html>
`;

const init = `window.ui = SwaggerUIBundle({
  url: '/api/v3/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  // No badge fetched from validator.swagger.io.
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
  // Tags start collapsed: with every one of the ~140 operations expanded at once, Swagger UI 5.35
  // stops rendering partway through the first tag (no error; found by test/openapi/docs-ui.test.ts
  // once the document passed ~74 paths); collapsed, every tag renders and opens on a click.
  docExpansion: 'none',
});
`;

const assets: Record<string, { file?: string; body?: string; type: string }> = {
  'swagger-ui.css': { file: 'swagger-ui.css', type: 'text/css; charset=utf-8' },
  'swagger-ui-bundle.js': { file: 'swagger-ui-bundle.js', type: 'text/javascript; charset=utf-8' },
  'init.js': { body: init, type: 'text/javascript; charset=utf-8' },
  'favicon-32x32.png': { file: 'favicon-32x32.png', type: 'image/png' },
};

/** undefined when the request may read the API's description, else the refusal. */
async function refusal(c: Context, policy: Config['introspection'], authenticator: Authenticator): Promise<Response | undefined> {
  if (policy === 'all') return undefined;
  if (policy === 'off') return errorResponse(c, 404, 'The API description is turned off (INTROSPECTION=off)');
  let viewer;
  try {
    viewer = await authenticator.authenticateHttp((c.env as { incoming?: object } | undefined)?.incoming, c.req.header('authorization'));
  } catch (error) {
    return errorResponse(c, 401, (error as Error).message);
  }
  if (mayIntrospect(policy, viewer)) return undefined;
  if (viewer.kind === 'anonymous') {
    c.header('www-authenticate', 'Basic realm="Anytime Gateway", charset="UTF-8"');
    return errorResponse(c, 401, 'Sign in with your agent email and API key to read the API description');
  }
  return errorResponse(c, 403, `INTROSPECTION=${policy}: these credentials may not read the API description`);
}

export function mountApiDocs(app: Hono<any>, openApiDocument: () => object, policy: Config['introspection'], authenticator: Authenticator): void {
  let json: string | undefined;
  app.get('/api/v3/openapi.json', async (c) => {
    const refused = await refusal(c, policy, authenticator);
    if (refused) return refused;
    json ??= JSON.stringify(openApiDocument());
    return c.body(json, 200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'private, no-cache' });
  });
  const docs = async (c: Context) =>
    (await refusal(c, policy, authenticator)) ??
    c.html(page, 200, { 'content-security-policy': DOCS_CSP, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' });
  app.get('/api/docs', docs);
  app.get('/api/docs/', docs);
  const cache = new Map<string, string | Buffer>();
  app.get('/api/docs/:asset', (c) => {
    const name = c.req.param('asset');
    const asset = assets[name];
    if (!asset) return c.json({ message: `No route for GET /api/docs/${name}` }, 404);
    let body = cache.get(name);
    if (body === undefined) {
      body = asset.body ?? readFileSync(join(swaggerDir, asset.file!));
      cache.set(name, body);
    }
    return c.body(typeof body === 'string' ? body : new Uint8Array(body), 200, { 'content-type': asset.type, 'cache-control': 'public, max-age=3600', 'x-content-type-options': 'nosniff' });
  });
}

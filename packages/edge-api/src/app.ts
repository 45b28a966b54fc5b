import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from './env.js';
import { fail } from './http/errors.js';
import { SplitRouter } from './http/split-router.js';
import {
  maxBodyBytes,
  maxBodyBytesFor,
  maxImportBodyBytes,
  maxListBodyBytes,
} from './http/validate.js';
import { logAdminActions } from './middleware/admin-log.js';
import { requireValidConfiguration } from './middleware/configuration.js';
import { requestIds } from './middleware/request-id.js';
import { routeToShard } from './middleware/shard-routing.js';
import { siteCors } from './middleware/site-cors.js';
import { acknowledgementRoutes } from './routes/acknowledgements.js';
import { adminRoutes } from './routes/admin.js';
import { apiKeyRoutes } from './routes/api-keys.js';
import { apiReferenceRoutes } from './routes/api-reference.js';
import { confirmRoutes } from './routes/confirm.js';
import { consentRequestRoutes } from './routes/consent-requests.js';
import { consentRoutes } from './routes/consents.js';
import { consoleRoutes } from './routes/console.js';
import { devMailboxRoutes } from './routes/dev-mailbox.js';
import { formRoutes } from './routes/forms.js';
import { healthRoutes } from './routes/health.js';
import { hostedPageRoutes } from './routes/hosted-pages.js';
import { importRoutes } from './routes/imports.js';
import { ownerSessionRoutes } from './routes/owner-sessions.js';
import { preferenceRoutes } from './routes/preferences.js';
import { processingRecordRoutes } from './routes/processing-record.js';
import { receiptRoutes } from './routes/receipts.js';
import { reconfirmationRoutes } from './routes/reconfirmations.js';
import { recordRoutes } from './routes/records.js';
import { reportRoutes } from './routes/reports.js';
import { siteExportRoutes } from './routes/site-export.js';
import { testMailboxRoutes } from './routes/test-mailbox.js';
import { unsubscribeRoutes } from './routes/unsubscribe.js';
import { webhookRoutes } from './routes/webhooks.js';

export const app = new Hono<AppEnv>({ router: new SplitRouter() });

// First: every answer after it, the refusals of the middleware below too, carries the id.
app.use(requestIds() as unknown as MiddlewareHandler<AppEnv>);
app.use(requireValidConfiguration());
// Refused from Content-Length before the body is read; a body without one is counted as it comes.
const limitOf = (maxSize: number) =>
  bodyLimit({
    maxSize,
    onError: (c) => fail(c, 'payload_too_large', `The body must be at most ${maxSize} bytes`),
  });
const bodyLimits = {
  [maxBodyBytes]: limitOf(maxBodyBytes),
  [maxListBodyBytes]: limitOf(maxListBodyBytes),
  [maxImportBodyBytes]: limitOf(maxImportBodyBytes),
};
app.use((c, next) => (bodyLimits[maxBodyBytesFor(c.req.path)] ?? limitOf(maxBodyBytes))(c, next));
// From here on `c.env.DB` is the shard of the request's site (decision 0009).
// A link, session or key of a shard its site has left is sent on through the whole app again.
app.use(routeToShard(async (request, env, ctx) => app.fetch(request, env, ctx)));

app.use('/v1/sites/*', siteCors());
app.use('/v1/consent-requests', siteCors());
app.use('/v1/preference-links', siteCors());
app.use('/v1/preference-sessions', siteCors());
// Also matches /v1/me itself.
app.use('/v1/me/*', siteCors({ onlyTheSite: true }));

// Outermost on admin routes: it logs once the route's own key check and handler have run.
app.use('/v1/admin/*', logAdminActions() as unknown as MiddlewareHandler<AppEnv>);

app.route('/', healthRoutes);
app.route('/', formRoutes);
app.route('/', consentRequestRoutes);
app.route('/', consentRoutes);
app.route('/', ownerSessionRoutes);
app.route('/', importRoutes);
app.route('/', reconfirmationRoutes);
app.route('/', adminRoutes);
app.route('/', apiKeyRoutes);
app.route('/', webhookRoutes);
app.route('/', acknowledgementRoutes);
app.route('/', recordRoutes);
app.route('/', reportRoutes);
app.route('/', testMailboxRoutes);
app.route('/', processingRecordRoutes);
app.route('/', siteExportRoutes);
app.route('/', confirmRoutes);
app.route('/', preferenceRoutes);
app.route('/', receiptRoutes);
app.route('/', unsubscribeRoutes);
app.route('/', hostedPageRoutes);
app.route('/', consoleRoutes);
app.route('/', devMailboxRoutes);
app.route('/', apiReferenceRoutes);

app.notFound((c) =>
  fail(c, 'not_found', `No route ${c.req.method} ${new URL(c.req.url).pathname}`),
);

app.onError((error, c) => {
  // The message may hold input; log only the error's kind and where it happened.
  console.error(`signet: unhandled ${error.name} on ${c.req.method} ${c.req.routePath}`);
  return fail(c, 'internal', 'Something went wrong on our side');
});

// The shop's server: an order form whose consent boxes stand apart from the order button, the
// double opt-in started from here after the order, mayContact before any marketing, and the
// webhooks Signet sends, verified: a withdrawal or erasure is applied to the shop's own mailing
// list, then acknowledged (A5). Plain Node ESM: @signet/sdk needs no TypeScript at run time.

import { getConnInfo } from '@hono/node-server/conninfo';
import { consentFromFormData } from '@signet/sdk';
import { createSignetServer, unsubscribeHeaders, verifyWebhook } from '@signet/sdk/server';
import { Hono } from 'hono';
import { customerIp } from './client-ip.mjs';
import { eventsPage, newsletterPage, orderPage, orderPlacedPage, stylesheet } from './pages.mjs';

/**
 * @param {{ shopUrl: string, signetUrl: string, site: string, apiKey: string,
 *   webhookSecret: () => string | null, trustedProxies?: Set<string>, mailingSystem: string }} config
 */
export function createShop(config) {
  const trustedProxies = config.trustedProxies ?? new Set();
  const signet = createSignetServer({
    endpoint: config.signetUrl,
    site: config.site,
    apiKey: config.apiKey,
  });
  /** @type {Map<string, { id: string, email: string, name: string, product: string, consent: string[], at: string }>} */
  const orders = new Map();
  /** Webhook deliveries by `webhook-id`: a retried delivery is recorded once. */
  const events = new Map();
  /** The shop's own newsletter list, by Signet's subject id (webhooks carry no address). */
  const mailingList = new Set();
  let nextOrder = 1000;

  const page = (c, html, status = 200) =>
    c.html(html, status, {
      // The widget comes from Signet's origin and talks to it; nothing else is allowed.
      'content-security-policy': [
        "default-src 'none'",
        `script-src 'self' ${config.signetUrl}`,
        `connect-src ${config.signetUrl}`,
        "style-src 'self'",
        "img-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
      ].join('; '),
    });

  const app = new Hono();
  app.get('/shop.css', (c) => c.body(stylesheet, 200, { 'content-type': 'text/css' }));
  app.get('/', (c) => page(c, orderPage(config)));
  // 503 until Signet knows the shop (origin and webhook): start scripts and tests wait on it.
  app.get('/ready', (c) =>
    c.text(config.webhookSecret() ? 'ready' : 'setting up', config.webhookSecret() ? 200 : 503),
  );

  app.post('/orders', async (c) => {
    const form = await c.req.formData();
    const email = String(form.get('email') ?? '').trim();
    const name = String(form.get('name') ?? '').trim();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || !name) {
      return page(c, orderPage(config, 'Please give your name and a valid email address.'), 422);
    }
    const order = {
      id: String(nextOrder++),
      email,
      name,
      product: 'Signet mug',
      consent: [],
      at: new Date().toISOString(),
    };
    orders.set(order.id, order);

    // The order is placed whatever the boxes say (C1); only ticked purposes start a double opt-in.
    const { purposes, locale } = consentFromFormData(form);
    let consentProblem = null;
    const clientIp = customerIp(
      getConnInfo(c).remote.address,
      c.req.header('x-forwarded-for'),
      trustedProxies,
    );
    if (purposes.length > 0 && !clientIp) consentProblem = 'the connection has no peer address';
    else if (purposes.length > 0) {
      const started = await signet.requestConsent(
        {
          email,
          purposes,
          locale: locale ?? 'en',
          pageUrl: `${config.shopUrl}/`,
          form: 'checkout',
          // What the checkout saw; Signet records it as reported by this server. The address is
          // the socket's (client-ip.mjs): X-Forwarded-For only from a proxy in TRUSTED_PROXY.
          evidence: {
            clientIp,
            userAgent: c.req.header('user-agent') ?? '',
          },
        },
        // The order id as the key: if this handler is retried, Signet starts one request only.
        { idempotencyKey: `order-${order.id}` },
      );
      if (started.ok) order.consent = purposes.map((p) => p.id);
      else consentProblem = started.error.message;
    }
    if (consentProblem) console.error(`shop: consent request failed: ${consentProblem}`);
    return c.redirect(`/orders/${order.id}`, 303);
  });

  app.get('/orders/:id', async (c) => {
    const order = orders.get(c.req.param('id'));
    if (!order) return page(c, orderPage(config, 'No such order.'), 404);
    // Asked fresh each time: consent can be withdrawn at any moment (R1).
    const newsletter = await signet.mayContact({ email: order.email, purpose: 'newsletter' });
    return page(c, orderPlacedPage(order, newsletter));
  });

  // Standard Webhooks: the raw body is what was signed, so it is read as text, never re-encoded.
  app.post('/webhooks/signet', async (c) => {
    const secret = config.webhookSecret();
    if (!secret) return c.json({ error: 'webhooks are not set up yet' }, 503);
    const body = await c.req.text();
    const verified = await verifyWebhook({
      payload: body,
      headers: Object.fromEntries(c.req.raw.headers),
      secret,
    });
    if (!verified.ok) return c.json({ error: verified.error.message }, 400);
    const id = c.req.header('webhook-id') ?? '';
    if (!events.has(id))
      events.set(id, { id, received: new Date().toISOString(), event: verified.value });
    const event = verified.value;
    const newsletter = event.type !== 'log.integrity' && event.data.purpose === 'newsletter';
    if (event.type === 'consent.confirmed' && newsletter) mailingList.add(event.data.subject);
    // A5: the list first, then the acknowledgement. Applying it again is harmless, so when the
    // acknowledgement fails the 500 makes Signet deliver the event again and the shop retries.
    const stops =
      (event.type === 'consent.withdrawn' && newsletter) || event.type === 'subject.erased';
    if (stops) {
      mailingList.delete(event.data.subject);
      const acknowledged = await signet.acknowledge(event, { system: config.mailingSystem });
      events.get(id).acknowledged = acknowledged.ok ? acknowledged.value : null;
      if (!acknowledged.ok) {
        console.error(`shop: acknowledgement failed: ${acknowledged.error.message}`);
        return c.json({ error: 'acknowledgement failed' }, 500);
      }
    }
    return c.body(null, 204);
  });
  app.get('/mailing-list.json', (c) => c.json([...mailingList]));
  app.get('/webhooks', (c) => page(c, eventsPage([...events.values()].reverse())));
  app.get('/webhooks.json', (c) => c.json([...events.values()]));

  // A mailing: one check for the whole list, and the one-click unsubscribe headers per message.
  app.post('/newsletter', async (c) => {
    const emails = [...new Set([...orders.values()].map((order) => order.email))];
    const answers = emails.length
      ? await signet.mayContactMany({ purpose: 'newsletter', emails })
      : [];
    const mailing = answers.map((answer) => ({
      email: answer.contact,
      send: answer.allowed,
      headers: answer.allowed ? unsubscribeHeaders(answer) : {},
      why: answer.allowed ? null : answer.reason,
    }));
    return page(c, newsletterPage(mailing));
  });
  app.get('/newsletter', (c) => page(c, newsletterPage(null)));

  return app;
}

// Starts the shop: `node examples/shop-checkout/main.mjs` (Signet must run at SIGNET_URL).
import { serve } from '@hono/node-server';
import { parseTrustedProxies } from './client-ip.mjs';
import { createShop } from './shop.mjs';
import { setUpSignetWhenReady } from './signet-setup.mjs';

const port = Number(process.env.SHOP_PORT ?? 8788);
const config = {
  shopUrl: process.env.SHOP_URL ?? `http://127.0.0.1:${port}`,
  shopOrigins: [`http://127.0.0.1:${port}`, `http://localhost:${port}`],
  signetUrl: process.env.SIGNET_URL ?? 'http://127.0.0.1:8787',
  site: process.env.SIGNET_SITE ?? 'demo',
  // The local demo site's key; a real shop reads its own from a secret store.
  apiKey: process.env.SIGNET_API_KEY ?? 'sk_demo_local_development_only',
  // The shop's own reverse proxies (comma-separated addresses): only behind one of them is
  // X-Forwarded-For read for the customer's address; otherwise the socket's peer is.
  trustedProxies: parseTrustedProxies(process.env.TRUSTED_PROXY),
  // The name under which the shop's mailing list acknowledges withdrawals (A5).
  mailingSystem: process.env.SHOP_MAILING_SYSTEM ?? 'shop-mailing-list',
};

let webhookSecret = null;
const app = createShop({ ...config, webhookSecret: () => webhookSecret });
serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => {
  console.log(`shop: http://127.0.0.1:${port}/ (Signet at ${config.signetUrl})`);
});

setUpSignetWhenReady(config).then(
  (secret) => {
    webhookSecret = secret;
    console.log('shop: origin allowed and webhook endpoint subscribed in Signet');
  },
  (error) => {
    console.error(`shop: could not set up Signet: ${error.message}`);
    process.exitCode = 1;
  },
);

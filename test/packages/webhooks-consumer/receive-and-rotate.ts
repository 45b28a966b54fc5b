// A shop's server as a developer writes it from the packed SDK (TypeScript strict, nodenext):
// it makes a webhook endpoint on its own small HTTP server, sends test events, verifies what
// arrives, rotates the secret while events keep coming and redelivers one. It prints what
// happened as JSON for webhooks-from-code.test.mjs.
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createSignetAdmin,
  verifyWebhook,
  type WebhookEvent,
  webhookEventTypes,
} from '@signet/sdk/server';

const endpoint = process.env.SIGNET_ENDPOINT ?? 'http://127.0.0.1:8787';
const admin = createSignetAdmin({
  endpoint,
  site: 'demo',
  apiKey: 'sk_demo_local_development_only',
});

/** What the receiver accepts: the secrets it has been given so far (one, or two while switching). */
let secrets: string[] = [];
const received: { id: string; type: string; test: boolean; signatures: number; ok: boolean }[] = [];

const receiver = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', async () => {
    const payload = Buffer.concat(chunks).toString('utf8');
    const verified = await verifyWebhook({ payload, headers: request.headers, secret: secrets });
    const event: WebhookEvent | null = verified.ok ? verified.value : null;
    received.push({
      id: String(request.headers['webhook-id']),
      type: event?.type ?? 'unverified',
      test: event?.test === true,
      signatures: String(request.headers['webhook-signature'] ?? '').split(' ').length,
      ok: verified.ok,
    });
    response.writeHead(verified.ok ? 204 : 400).end();
  });
});
receiver.listen(0, '127.0.0.1');
await once(receiver, 'listening');
const { port } = receiver.address() as AddressInfo;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const created = await admin.webhooks.create({
  url: `http://127.0.0.1:${port}/signet`,
  events: ['consent.confirmed', 'consent.withdrawn'],
  description: 'pack test',
});
if (!created.ok) fail(`create: ${created.error.code} ${created.error.message}`);
const { id } = created.value;
secrets = [created.value.secret];

async function sendTests() {
  for (const type of webhookEventTypes) {
    const sent = await admin.webhooks.test(id, type);
    if (!sent.ok) fail(`test ${type}: ${sent.error.code} ${sent.error.message}`);
  }
}

// Before the rotation, then right after it while the receiver still holds only the old secret,
// then with the new one only: every delivery must verify.
await sendTests();
const rotated = await admin.webhooks.rotateSecret(id);
if (!rotated.ok) fail(`rotate: ${rotated.error.code} ${rotated.error.message}`);
await sendTests();
secrets = [rotated.value.secret, created.value.secret];
await sendTests();
secrets = [rotated.value.secret];
await sendTests();

const first = received[0]?.id ?? fail('nothing was received');
const again = await admin.webhooks.redeliver(id, first);
if (!again.ok) fail(`redeliver: ${again.error.code} ${again.error.message}`);

const logged: string[] = [];
for await (const delivery of admin.webhooks.allDeliveries(id, { limit: 3 })) {
  if (!delivery.ok) fail(`deliveries: ${delivery.error.code} ${delivery.error.message}`);
  if (delivery.value.status !== 'delivered')
    fail(`${delivery.value.id} is ${delivery.value.status}`);
  logged.push(delivery.value.id);
}
const removed = await admin.webhooks.remove(id);
receiver.close();
console.log(
  JSON.stringify({
    received,
    redelivered: { id: first, status: again.value.status },
    logged,
    previousSecretExpiresAt: rotated.value.previousSecretExpiresAt,
    removed: removed.ok,
  }),
);

// The console's webhooks task in Chromium against the running API (development, so a receiver on
// this machine over http is allowed): add an endpoint and see its secret once, send a test event
// of each type to a receiver this test runs, change its events, page the log and send one again,
// rotate the secret, remove the endpoint; axe at zero violations in light and dark throughout.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { webhookEventTypes } from '@signet/sdk';
import { expectNoAxeViolations } from './axe.js';

const key = 'sk_demo_local_development_only';
// Every type the contract has, in its order: the console sends one test event of each.
const eventTypes = webhookEventTypes;

let receiver: Server;
const received: { id: string; signatures: number; test: boolean }[] = [];

test.beforeAll(async () => {
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { test?: boolean };
      received.push({
        id: String(request.headers['webhook-id']),
        signatures: String(request.headers['webhook-signature']).split(' ').length,
        test: body.test === true,
      });
      response.writeHead(204).end();
    });
  });
  receiver.listen(0, '127.0.0.1');
  await once(receiver, 'listening');
});

test.afterAll(() => receiver.close());

test('webhooks in the console: add, test each type, change events, redeliver, rotate, remove', async ({
  page,
}) => {
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/signet`;
  await page.goto('/admin');
  await page.getByLabel('Site API key').fill(key);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page
    .getByRole('navigation', { name: 'Console' })
    .getByRole('link', { name: 'Webhooks' })
    .click();
  await expect(page.getByRole('heading', { level: 2, name: 'Webhooks' })).toBeVisible();
  await expect(page.getByText('Loading…')).toHaveCount(0);
  await expectNoAxeViolations(page, 'webhooks');

  await page.getByLabel('URL (https, a public receiver)').fill(url);
  await page.getByLabel('Description (optional)').fill('e2e receiver');
  await page.getByRole('button', { name: 'Add endpoint' }).click();
  const secretTitle = page.getByRole('heading', { name: `Signing secret of ${url}` });
  await expect(secretTitle).toBeFocused();
  await expect(page.getByLabel('The signing secret')).toHaveText(/^whsec_/);
  await expectNoAxeViolations(page, 'the new secret');
  await page.getByRole('button', { name: 'I have copied it' }).click();

  await page.getByRole('button', { name: `Send a test event of each type for ${url}` }).click();
  await expect(page.getByRole('status')).toHaveText(
    `${eventTypes.length} of ${eventTypes.length} test events were delivered; the log below shows each.`,
  );
  expect(received).toHaveLength(eventTypes.length);
  expect(received.every((delivery) => delivery.test && delivery.signatures === 1)).toBe(true);
  const log = page.getByRole('table', { name: 'Deliveries, newest first' });
  await expect(log.getByRole('row')).toHaveCount(eventTypes.length + 1);
  await expectNoAxeViolations(page, 'the delivery log');

  const events = page.getByRole('group', { name: 'Events' }).first();
  await events.getByLabel('log.integrity').check();
  await page.getByRole('button', { name: 'Save events' }).click();
  await expect(page.getByRole('status')).toHaveText(`The events of ${url} are saved.`);

  await log.getByRole('button', { name: /^Send again \(consent\.confirmed/ }).click();
  await expect(page.getByRole('status')).toHaveText('Sent again: delivered.');
  expect(received.at(-1)?.id).toBe(received[0]?.id);

  await page.getByRole('button', { name: `New secret for ${url}` }).click();
  await expect(secretTitle).toBeFocused();
  await expect(page.getByText(/The previous secret signs every delivery too until/)).toBeVisible();
  await page.getByRole('button', { name: 'I have copied it' }).click();
  await page.getByRole('button', { name: `Send a test event of each type for ${url}` }).click();
  await expect(page.getByRole('status')).toHaveText(
    `${eventTypes.length} of ${eventTypes.length} test events were delivered; the log below shows each.`,
  );
  expect(received.slice(-eventTypes.length).every((delivery) => delivery.signatures === 2)).toBe(
    true,
  );
  await expectNoAxeViolations(page, 'after a rotation');

  await page.getByRole('button', { name: `Remove for ${url}` }).click();
  await expect(page.getByRole('status')).toHaveText(
    `${url} is removed: nothing more is sent to it.`,
  );
  await expect(page.getByRole('table', { name: 'Webhook endpoints' }).getByText(url)).toHaveCount(
    0,
  );
});

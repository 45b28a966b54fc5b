// A5 end to end: the shop of examples/shop-checkout applies a withdrawal to its own mailing list
// when Signet's webhook arrives, then acknowledges it; Signet signs an `honoured` record linked
// to the withdrawal, the report shows the delay, and a system that never acknowledges raises
// `consent.unhonoured` once its hours have passed (the cron run with a moved clock).
import { type APIRequestContext, expect, test } from '@playwright/test';
import { axeViolations } from './axe';
import { shopUrl } from './playwright.config';

const siteKey = { authorization: 'Bearer sk_demo_local_development_only' };
const shopSystem = 'shop-mailing-list';

interface Received {
  event: {
    type: string;
    data: { subject: string; purpose: string; system?: string; record: { record: { id: string } } };
  };
  acknowledged?: { system: string; at: string } | null;
}

const received = async (request: APIRequestContext) =>
  (await (await request.get(`${shopUrl}/webhooks.json`)).json()) as Received[];

/** A cron pass, at `at` when given (the clock moved), as the deployment's trigger runs it. */
const cron = (request: APIRequestContext, at?: number) =>
  request.get(`/cdn-cgi/local/scheduled${at ? `?time=${at}` : ''}`).catch(() => null);

async function settings(request: APIRequestContext, patch: object) {
  const response = await request.patch('/v1/admin/site', { headers: siteKey, data: patch });
  expect(response.status()).toBe(200);
}

test.afterAll(async ({ request }) => {
  await settings(request, { honourSystems: [shopSystem], honourWithinHours: 24 });
});

test('a withdrawal reaches the shop, which updates its mailing list and acknowledges; Signet signs honoured, the report shows the delay, and an unacknowledged system raises consent.unhonoured', async ({
  page,
  request,
}) => {
  // The shop lists its mailing list at start; a CRM that will never answer is listed too.
  await expect.poll(async () => (await request.get(`${shopUrl}/ready`)).status()).toBe(200);
  await settings(request, { honourSystems: [shopSystem, 'crm'], honourWithinHours: 1 });

  const email = `shop-honoured-${Date.now()}@example.org`;
  await page.goto(`${shopUrl}/`);
  await page.getByLabel('Name').fill('Ida Ehrlich');
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByLabel('Yes, I want to receive the Demo Shop newsletter by email.').check();
  await page.getByRole('button', { name: 'Place order' }).click();
  await expect(page.getByRole('heading', { name: /order \d+ is placed/ })).toBeVisible();
  await page.goto('/dev/mailbox');
  await page.locator('article', { hasText: email }).getByRole('link').first().click();
  await page.getByRole('button', { name: 'Confirm now' }).click();
  await expect(page.getByRole('heading', { name: 'Thank you!' })).toBeVisible();

  const check = await request.get('/v1/consents/check', {
    params: { email, purpose: 'newsletter' },
    headers: siteKey,
  });
  const { unsubscribe } = (await check.json()) as { unsubscribe: { url: string } };
  const subject = await (async () => {
    const exported = await request.post('/v1/admin/subjects/export', {
      headers: siteKey,
      data: { email },
    });
    const { records } = (await exported.json()) as {
      records: { record: { subject: string } }[];
    };
    return records[0]?.record.subject ?? '';
  })();
  expect(subject).not.toBe('');
  // The shop put the person on its list when the confirmation came.
  await expect
    .poll(
      async () => {
        await cron(request);
        return (await (await request.get(`${shopUrl}/mailing-list.json`)).json()) as string[];
      },
      { timeout: 30_000, intervals: [500, 1000, 2000] },
    )
    .toContain(subject);

  // The person withdraws by the one-click link.
  await page.setExtraHTTPHeaders({ 'accept-language': 'en' });
  await page.goto(new URL(unsubscribe.url).pathname);
  await page.getByRole('button', { name: 'Unsubscribe' }).click();
  await expect(page.getByText('Your data here is deleted.')).toBeVisible();

  // The webhook reaches the shop, which takes the person off its list and acknowledges.
  await expect
    .poll(
      async () => {
        await cron(request);
        const withdrawal = (await received(request)).find(
          (r) => r.event.type === 'consent.withdrawn' && r.event.data.subject === subject,
        );
        return withdrawal?.acknowledged?.system ?? null;
      },
      { timeout: 30_000, intervals: [500, 1000, 2000] },
    )
    .toBe(shopSystem);
  expect(await (await request.get(`${shopUrl}/mailing-list.json`)).json()).not.toContain(subject);
  // The one-click link ended the person's last purpose, so they were erased too: acknowledged alike.
  await expect
    .poll(
      async () => {
        await cron(request);
        const erasure = (await received(request)).find(
          (r) => r.event.type === 'subject.erased' && r.event.data.subject === subject,
        );
        return erasure?.acknowledged?.system ?? null;
      },
      { timeout: 30_000, intervals: [500, 1000, 2000] },
    )
    .toBe(shopSystem);
  const withdrawal = (await received(request)).find(
    (r) => r.event.type === 'consent.withdrawn' && r.event.data.subject === subject,
  ) as Received;
  const withdrawnId = withdrawal.event.data.record.record.id;

  // Signet's signed honoured record, linked to the withdrawal by its id.
  await expect
    .poll(
      async () => {
        await cron(request);
        const answer = await request.get('/v1/records', {
          params: { subject },
          headers: siteKey,
        });
        const { records } = (await answer.json()) as {
          records: {
            record: { event: string; honours?: { record: string; system: string } };
            sig: string;
          }[];
        };
        return records
          .filter((signed) => signed.record.event === 'honoured' && signed.sig)
          .map((signed) => signed.record.honours);
      },
      { timeout: 30_000, intervals: [500, 1000, 2000] },
    )
    .toContainEqual({ record: withdrawnId, system: shopSystem });

  await page.goto(`${shopUrl}/webhooks`);
  await expect(
    page.getByRole('cell', { name: `stopped in ${shopSystem} at` }).first(),
  ).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);

  // The report: per system, the delay from withdrawal to honoured and what waits.
  const today = new Date().toISOString().slice(0, 10);
  const report = (await (
    await request.get('/v1/admin/reports', { params: { from: today, to: today }, headers: siteKey })
  ).json()) as {
    honoured: {
      system: string;
      acknowledged: number;
      medianSeconds: number | null;
      waiting: number;
    }[];
  };
  const shop = report.honoured.find((h) => h.system === shopSystem);
  expect(shop?.acknowledged).toBeGreaterThanOrEqual(1);
  expect(shop?.medianSeconds).not.toBeNull();
  expect(report.honoured.find((h) => h.system === 'crm')?.waiting).toBeGreaterThanOrEqual(1);

  // The CRM never acknowledges: an hour and more later, consent.unhonoured is raised for the
  // withdrawal and the erasure it caused (the shop acknowledged both, so none for its list).
  // The shop's receiver refuses these deliveries, dated an hour ahead by the moved clock, so
  // the endpoint's delivery log is what shows them.
  const { webhooks } = (await (
    await request.get('/v1/admin/webhooks', { headers: siteKey })
  ).json()) as {
    webhooks: { id: string; url: string }[];
  };
  const endpoint = webhooks.find((hook) => hook.url === `${shopUrl}/webhooks/signet`);
  expect(endpoint).toBeTruthy();
  const later = Date.now() + 61 * 60_000;
  await expect
    .poll(
      async () => {
        await cron(request, later);
        const log = await request.get(`/v1/admin/webhooks/${endpoint?.id}/deliveries`, {
          headers: siteKey,
        });
        const { deliveries } = (await log.json()) as { deliveries: { type: string }[] };
        return deliveries.filter((d) => d.type === 'consent.unhonoured').length;
      },
      { timeout: 30_000, intervals: [500, 1000, 2000] },
    )
    .toBe(2);
});

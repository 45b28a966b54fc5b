import {
  createExecutionContext,
  createScheduledController,
  waitOnExecutionContext,
} from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { sha256Hex } from '@signet/sdk';
import { vi } from 'vitest';
import { emailIndex } from '../src/crypto/blind-index.js';
import type { Env } from '../src/env.js';
import worker from '../src/index.js';

export const testOrigin = 'https://shop.example';
/** Where `call` sends requests: the API's own origin in tests. */
export const apiOrigin = 'https://api.signet.test';
export const demoApiKey = 'sk_demo_local_development_only';

/**
 * Calls the worker's fetch handler as workerd would and waits for its `waitUntil` work (the
 * immediate email send), so a test sees the state after the request has fully settled.
 */
export async function call(
  path: string,
  init: RequestInit = {},
  overrides: Partial<Env> = {},
): Promise<Response> {
  const ctx = createExecutionContext();
  const request = new Request(new URL(path, apiOrigin), init);
  const response = await worker.fetch(request, { ...env, ...overrides }, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

/**
 * A JSON POST as the site's own page sends it: with the site's Origin, unless told otherwise (a
 * header given as '' is left out, e.g. `{ origin: '' }` for a server's call).
 */
export function postJson(
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
  overrides: Partial<Env> = {},
) {
  const sent = Object.entries({
    'content-type': 'application/json',
    origin: testOrigin,
    ...headers,
  });
  return call(
    path,
    {
      method: 'POST',
      headers: sent.filter(([, value]) => value !== ''),
      body: JSON.stringify(body),
    },
    overrides,
  );
}

/** A valid configuration outside development: a public URL and a real mail transport. */
export const productionEnv: Partial<Env> = {
  ENVIRONMENT: 'production',
  PUBLIC_URL: 'https://api.signet.test',
  MAIL_TRANSPORT: 'http',
  MAIL_API_URL: 'https://mail-provider.test/v3/smtp/email',
  MAIL_API_KEY: 'provider-key',
  MAIL_FROM: 'Signet Demo <noreply@signet.test>',
};

/** Worker variables with an SMS transport (the dev mailbox), without which SMS purposes are refused. */
export const withSms: Partial<Env> = { SMS_TRANSPORT: 'dev-mailbox' };

/** Rows per table (without D1's own), of the API's database or another one. */
export async function rowCounts(db: D1Database = env.DB): Promise<Record<string, number>> {
  const { results } = await db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name != 'd1_migrations'",
    )
    .all<{ name: string }>();
  const counts: Record<string, number> = {};
  for (const { name } of results) {
    const row = await db.prepare(`SELECT COUNT(*) AS n FROM "${name}"`).first<{ n: number }>();
    counts[name] = row?.n ?? 0;
  }
  return counts;
}

export async function demoForm(locale: 'de' | 'en' = 'en') {
  const response = await call(`/v1/sites/demo/form?locale=${locale}`);
  return (await response.json()) as {
    purposes: { id: string; wordingVersion: string; wording: { label: string } }[];
  };
}

export async function validRequestBody(email = 'person@example.org', ids = ['newsletter']) {
  const form = await demoForm('en');
  return {
    site: 'demo',
    email,
    purposes: form.purposes
      .filter((purpose) => ids.includes(purpose.id))
      .map(({ id, wordingVersion }) => ({ id, wordingVersion })),
    locale: 'en',
    pageUrl: 'https://shop.example/newsletter',
  };
}

/** The confirmation link of the newest message to an address or number in the dev mailbox. */
export async function devMailboxLink(to: string): Promise<string | null> {
  const row = await env.DB.prepare(
    `SELECT text_body FROM dev_mailbox WHERE to_address = ? AND text_body LIKE '%/confirm/%'
      ORDER BY created_at DESC, rowid DESC LIMIT 1`,
  )
    .bind(to)
    .first<{ text_body: string }>();
  const link = row?.text_body.match(/https?:\/\/\S+\/confirm\/[A-Za-z0-9_-]{43}/)?.[0];
  return link ? new URL(link).pathname : null;
}

/** The confirmation link from the newest email to this address; throws when there is none. */
export async function confirmLinkFor(email: string): Promise<string> {
  const link = await devMailboxLink(email);
  if (!link) throw new Error(`no confirmation email for ${email}`);
  return link;
}

/** A second site with its own key and origin, for tests of what one site may see of another. */
export async function addSite(id: string, key: string) {
  const now = new Date().toISOString();
  await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO sites (id, name, controller_name, controller_contact, privacy_policy_url, default_locale, locales, allowed_origins, unconfirmed_retention_days, created_at)
       VALUES (?1, ?1 || ' Shop', ?1 || ' GmbH', 'privacy@' || ?1 || '.example', 'https://' || ?1 || '.example/privacy', 'en', '["en"]', json_array('https://' || ?1 || '.example'), 14, ?2)`,
    ).bind(id, now),
    env.DB.prepare(
      `INSERT INTO site_api_keys (id, site_id, key_hash, label, created_at) VALUES (?, ?, ?, 'test', ?)`,
    ).bind(`key-${id}`, id, await sha256Hex(key), now),
  ]);
}

/**
 * Presses the confirm page's button as the person's browser does: opens the page, then posts its
 * form (with the page's nonce) from the API's own origin.
 */
export async function pressConfirm(
  path: string,
  overrides: Partial<Env> = {},
  headers: Record<string, string> = {},
) {
  const page = await (await call(path, {}, overrides)).text();
  const nonce = page.match(/name="nonce" value="([^"]+)"/)?.[1] ?? '';
  return call(
    path,
    {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'sec-fetch-site': 'same-origin',
        origin: apiOrigin,
        ...headers,
      },
      body: new URLSearchParams({ nonce }),
    },
    overrides,
  );
}

/** Runs the cron handler as if it fired at `at` (tests move the clock this way). */
export async function runCron(at: Date, overrides: Partial<Env> = {}) {
  const ctx = createExecutionContext();
  const controller = createScheduledController({
    scheduledTime: at.getTime(),
    cron: '*/5 * * * *',
  });
  await worker.scheduled(controller, { ...env, ...overrides }, ctx);
  await waitOnExecutionContext(ctx);
}

export const adminHeaders = (key = demoApiKey) => ({
  authorization: `Bearer ${key}`,
  'content-type': 'application/json',
});

export function admin(path: string, method = 'GET', body?: unknown, key = demoApiKey) {
  return call(path, {
    method,
    headers: adminHeaders(key),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** Adds an SMS purpose with an English wording to the demo site; returns its version. */
export async function addSmsPurpose(id = 'sms-offers') {
  await admin(`/v1/admin/purposes/${id}`, 'PUT', { channel: 'sms' });
  const published = await admin(`/v1/admin/purposes/${id}/wordings`, 'POST', {
    locale: 'en',
    label: 'Send me offers by SMS',
    processed: 'Your mobile number',
    purpose: 'Offers by SMS',
    retention: 'Until you withdraw',
    withdrawal: 'Reply STOP or use your preferences page',
  });
  return ((await published.json()) as { version: string }).version;
}

/** Adds an email purpose worded in the demo site's default locale; returns the publish response. */
export async function addEmailPurpose(id: string) {
  const site = (await (await admin('/v1/admin/site')).json()) as { defaultLocale: string };
  await admin(`/v1/admin/purposes/${id}`, 'PUT', { channel: 'email' });
  return admin(`/v1/admin/purposes/${id}/wordings`, 'POST', {
    locale: site.defaultLocale,
    label: 'Send me the newsletter',
    processed: 'Your email address',
    purpose: 'The newsletter',
    retention: 'Until you withdraw',
    withdrawal: 'Use the link in every email',
  });
}

/** A CSV file's text with Windows line ends, as the exports people bring have them. */
export const crlf = (lines: string[]) => `${lines.join('\r\n')}\r\n`;

export async function sql<T = Record<string, unknown>>(query: string, ...binds: unknown[]) {
  const { results } = await env.DB.prepare(query)
    .bind(...binds)
    .all<T>();
  return results;
}

/**
 * An HTTP mail provider that accepts every message and keeps what it got, as a recipient's inbox
 * would: the only place a live link should ever reach. Restore the mock after each test.
 */
export function capturingMailProvider() {
  const url = 'https://mail-provider.test/v3/smtp/email';
  const delivered: { to: string; subject: string; text: string; html: string }[] = [];
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    if (String(input) !== url) throw new Error(`unexpected fetch ${String(input)}`);
    const body = JSON.parse(String(init?.body)) as {
      to: { email: string }[];
      subject: string;
      textContent: string;
      htmlContent: string;
    };
    delivered.push({
      to: body.to[0]?.email ?? '',
      subject: body.subject,
      text: body.textContent,
      html: body.htmlContent,
    });
    return Response.json({ messageId: `m-${delivered.length}` }, { status: 201 });
  });
  const overrides: Partial<Env> = {
    MAIL_TRANSPORT: 'http',
    MAIL_API_URL: url,
    MAIL_API_KEY: 'provider-key',
    MAIL_FROM: 'Signet Demo <noreply@signet.test>',
  };
  const linkTo = (to: string) => {
    const mail = delivered.filter((message) => message.to === to).at(-1);
    const link = mail?.text.match(/https?:\/\/\S+\/confirm\/[A-Za-z0-9_-]{43}/)?.[0];
    return link ? new URL(link).pathname : null;
  };
  return { delivered, overrides, linkTo };
}

/** Every text cell of every table (D1's own aside) that contains `needle`, as `table.column`. */
export async function cellsContaining(needle: string, db: D1Database = env.DB) {
  const { results: tables } = await db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name != 'd1_migrations'",
    )
    .all<{ name: string }>();
  const found: string[] = [];
  for (const { name } of tables) {
    const { results: columns } = await db
      .prepare(`SELECT name FROM pragma_table_info('${name}')`)
      .all<{ name: string }>();
    for (const column of columns) {
      const row = await db
        .prepare(
          `SELECT 1 AS hit FROM "${name}" WHERE instr(CAST("${column.name}" AS TEXT), ?) > 0 LIMIT 1`,
        )
        .bind(needle)
        .first();
      if (row) found.push(`${name}.${column.name}`);
    }
  }
  return found;
}

/** The blind index of an address on a site: how tests find a subject, whose address is sealed. */
export function indexOf(email: string, site = 'demo') {
  return emailIndex(env.INDEX_KEY, site, email);
}

/** The id of the subject with this address on the demo site, or null. */
export async function subjectIdOf(email: string, site = 'demo') {
  const [row] = await sql<{ id: string }>(
    'SELECT id FROM subjects WHERE site_id = ? AND email_index = unhex(?)',
    site,
    await indexOf(email, site),
  );
  return row?.id ?? null;
}

const messagesFound = new Map<string | null, Set<string>>();

/**
 * The outbox rows of a subject (their recipient is sealed, so they are found by subject): its
 * own and its requests' (a request's confirmation names its subject through the request,
 * migration 0038), and every row found for it before, so that a check after a deletion still
 * sees a message whose request went first.
 */
export async function outboxOf(subjectId: string | null) {
  const found = messagesFound.get(subjectId) ?? new Set<string>();
  const rows = await sql<{ id: string; status: string; attempts: number }>(
    `SELECT id, status, attempts FROM outbox
      WHERE subject_id = ?1 OR request_id IN (SELECT id FROM consent_requests WHERE subject_id = ?1)
         OR id IN (SELECT value FROM json_each(?2))
      ORDER BY created_at`,
    subjectId,
    JSON.stringify([...found]),
  );
  for (const row of rows) found.add(row.id);
  messagesFound.set(subjectId, found);
  return rows;
}

/** How many messages the dev mailbox received for addresses like `pattern` (SQL LIKE). */
export async function deliveredTo(pattern: string) {
  const [row] = await sql<{ n: number }>(
    'SELECT COUNT(*) AS n FROM dev_mailbox WHERE lower(to_address) LIKE lower(?)',
    pattern,
  );
  return row?.n ?? 0;
}

/** The newest preference-link email to an address: its link token and its code. */
export async function preferenceMail(email: string) {
  const [row] = await sql<{ text_body: string }>(
    "SELECT text_body FROM dev_mailbox WHERE to_address = ? AND subject LIKE '%preferences%' ORDER BY rowid DESC LIMIT 1",
    email,
  );
  const text = row?.text_body ?? '';
  return {
    text,
    token: text.match(/\/p\/demo(?:\?lang=[a-z]{2})?#token=([A-Za-z0-9_-]{43})/)?.[1] ?? null,
    code: text.match(/code[^:]*: (\d{8})/)?.[1] ?? null,
  };
}

/**
 * A person who asked for `ids` on the demo site and confirmed by the emailed link, both from a
 * browser sending `headers` (none by default).
 */
export async function subscribed(
  email: string,
  ids = ['newsletter'],
  headers: Record<string, string> = {},
) {
  await postJson('/v1/consent-requests', await validRequestBody(email, ids), headers);
  await pressConfirm(await confirmLinkFor(email), {}, headers);
}

/** A preference session for the person at this address on the demo site, by the mailed link. */
export async function sessionFor(email: string): Promise<string> {
  await postJson('/v1/preference-links', { site: 'demo', email, locale: 'en' });
  const { token } = await preferenceMail(email);
  const opened = await postJson('/v1/preference-sessions', { token });
  return ((await opened.json()) as { session: string }).session;
}

/** A call with the person's session, from the site's page (JSON when there is a body). */
export const asPerson = (session: string, path: string, method = 'GET', body?: unknown) =>
  call(path, {
    method,
    headers: {
      authorization: `Bearer ${session}`,
      origin: testOrigin,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

import { env } from 'cloudflare:workers';
import type { ConsentCheck, SignedRecord } from '@signet/sdk';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  admin,
  asPerson,
  call,
  postJson,
  runCron,
  sessionFor,
  subjectIdOf,
  subscribed,
  validRequestBody,
} from '../../test/worker.js';
import { canonicalMailbox } from '../crypto/canonical-mailbox.js';
import { expireConsents } from '../services/retention.js';

afterEach(() => vi.useRealTimers());

const minute = 60_000;

const check = async (email: string, purpose = 'newsletter') =>
  (await (
    await admin(`/v1/consents/check?email=${encodeURIComponent(email)}&purpose=${purpose}`)
  ).json()) as ConsentCheck;

async function unsubscribePath(email: string, purpose = 'newsletter') {
  const answer = await check(email, purpose);
  return new URL((answer.allowed ? answer.unsubscribe?.url : undefined) ?? '').pathname;
}

const oneClick = (path: string) =>
  call(path, { method: 'POST', body: new URLSearchParams({ 'List-Unsubscribe': 'One-Click' }) });

/** What is left of a person after their last purpose ended: the same whatever path ended it. */
async function stateAfter(email: string, subject: string | null) {
  await runCron(new Date());
  const { records } = (await (await admin('/v1/records')).json()) as { records: SignedRecord[] };
  const suppression = (await (
    await admin(`/v1/admin/suppressions?email=${encodeURIComponent(email)}`)
  ).json()) as { suppressed: boolean; reason: string | null };
  return {
    subjectRow: await subjectIdOf(email),
    suppression: { suppressed: suppression.suppressed, reason: suppression.reason },
    events: records
      .filter((signed) => signed.record.subject === subject)
      .map((signed) => signed.record.event),
    allowed: (await check(email)).allowed,
  };
}

/**
 * Every text cell of every table in the worker's D1, read row by row (not by a SQL search), so
 * that no table, column or spelling is missed: the cells that hold any of `needles`, ignoring
 * case.
 */
async function scanD1(needles: string[]) {
  const { results: tables } = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'",
  ).all<{ name: string }>();
  const wanted = needles.map((needle) => needle.toLowerCase());
  const hits = new Set<string>();
  for (const { name } of tables) {
    const { results: rows } = await env.DB.prepare(`SELECT * FROM "${name}"`).all<
      Record<string, unknown>
    >();
    for (const row of rows) {
      for (const [column, value] of Object.entries(row)) {
        if (typeof value !== 'string') continue;
        const text = value.toLowerCase();
        if (wanted.some((needle) => text.includes(needle))) hits.add(`${name}.${column}`);
      }
    }
  }
  return [...hits].sort();
}

describe('R4: the last purpose ends the same way by every path', () => {
  it('R1/R4: withdrawing the only purpose on the preferences page and by one-click unsubscribe end in the same state: erased, suppressed, the signed records kept', async () => {
    const byPage = 'last-by-page@example.org';
    const byLink = 'last-by-link@example.org';
    await subscribed(byPage);
    await subscribed(byLink);
    const pageSubject = await subjectIdOf(byPage);
    const linkSubject = await subjectIdOf(byLink);
    const path = await unsubscribePath(byLink);

    const session = await sessionFor(byPage);
    const withdrawn = await asPerson(session, '/v1/me/withdrawals', 'POST', {
      purposes: ['newsletter'],
    });
    expect(await withdrawn.json()).toEqual({
      withdrawn: ['newsletter'],
      unchanged: [],
      erased: true,
    });
    const clicked = await oneClick(path);
    expect(clicked.status).toBe(200);

    const expected = {
      subjectRow: null,
      suppression: { suppressed: true, reason: 'withdrawn' },
      events: ['requested', 'confirmed', 'withdrawn', 'erased'],
      allowed: false,
    };
    expect(await stateAfter(byPage, pageSubject)).toEqual(expected);
    expect(await stateAfter(byLink, linkSubject)).toEqual(expected);
    // The withdrawal says where it came from; the erasure why it happened.
    const { records } = (await (await admin('/v1/records')).json()) as { records: SignedRecord[] };
    const forms = (subject: string | null) =>
      records
        .filter((signed) => signed.record.subject === subject)
        .filter((signed) => ['withdrawn', 'erased'].includes(signed.record.event))
        .map((signed) => signed.record.source.form);
    expect(forms(pageSubject)).toEqual(['preferences-page', 'all-withdrawn']);
    expect(forms(linkSubject)).toEqual(['one-click-unsubscribe', 'all-withdrawn']);
  });

  it('R4: the one-click page says before its button that the last purpose deletes the data and the proof stays, and afterwards what was kept', async () => {
    const email = 'warned-by-link@example.org';
    await subscribed(email, ['newsletter', 'prize-draw']);
    const newsletter = await unsubscribePath(email);
    const prizeDraw = await unsubscribePath(email, 'prize-draw');
    const en = { headers: { 'accept-language': 'en' } };
    const sentence =
      'This deletes your data here; only the signed proof, without readable data, stays, so that Demo Shop GmbH, Musterstraße 1, 10115 Berlin can show what you agreed to and when you withdrew.';
    // Not the last purpose: no such warning.
    expect(await (await call(newsletter, en)).text()).not.toContain('This deletes your data');
    expect((await oneClick(newsletter)).status).toBe(200);
    // Now the last: the sentence comes before the button.
    const page = await (await call(prizeDraw, en)).text();
    expect(page).toContain(sentence);
    expect(page.indexOf(sentence)).toBeLessThan(page.indexOf('<button'));
    const de = await (await call(prizeDraw, { headers: { 'accept-language': 'de' } })).text();
    expect(de).toContain('Damit werden Ihre Daten hier gelöscht');
    const fr = await (await call(prizeDraw, { headers: { 'accept-language': 'fr' } })).text();
    expect(fr).toContain('Vos données seront alors supprimées ici');
    const done = await call(prizeDraw, {
      method: 'POST',
      headers: { 'accept-language': 'en' },
      body: new URLSearchParams({ 'List-Unsubscribe': 'One-Click' }),
    });
    const after = await done.text();
    expect(after).toContain('Your data here is deleted. Only the signed proof');
    expect(await subjectIdOf(email)).toBeNull();
  });

  it('R4: a request waiting for confirmation is something left: the last active purpose withdrawn by one click then erases nothing, and the page does not say it would', async () => {
    const email = 'still-pending@example.org';
    await subscribed(email);
    const path = await unsubscribePath(email);
    await postJson('/v1/consent-requests', await validRequestBody(email, ['prize-draw']));
    expect(await (await call(path, { headers: { 'accept-language': 'en' } })).text()).not.toContain(
      'This deletes your data',
    );
    expect((await oneClick(path)).status).toBe(200);
    expect(await subjectIdOf(email)).not.toBeNull();
  });

  it('C9/R4: a consent whose lifetime ends, the last one, erases the person by the same rule: expired and erased records, suppression', async () => {
    await admin('/v1/admin/purposes/prize-draw', 'PUT', { channel: 'email', lifetimeDays: 30 });
    try {
      const email = 'lapses-last@example.org';
      await subscribed(email, ['prize-draw']);
      const subject = await subjectIdOf(email);
      await runCron(new Date(Date.now() + 31 * 24 * 60 * minute));
      expect(await subjectIdOf(email)).toBeNull();
      const { records } = (await (await admin('/v1/records')).json()) as {
        records: SignedRecord[];
      };
      expect(
        records
          .filter((signed) => signed.record.subject === subject)
          .map((signed) => [signed.record.event, signed.record.source.form]),
      ).toEqual([
        ['requested', null],
        ['confirmed', 'confirm-page:email-link'],
        ['expired', 'lifetime-ended'],
        ['erased', 'all-expired'],
      ]);
      const suppression = await admin(`/v1/admin/suppressions?email=${email}`);
      expect(await suppression.json()).toMatchObject({ suppressed: true, reason: 'erased' });
    } finally {
      await admin('/v1/admin/purposes/prize-draw', 'PUT', { channel: 'email', lifetimeDays: null });
    }
  });

  it('C9/R4: expiry erases within its budget of erasures a pass; the people left are erased by the next pass', async () => {
    await admin('/v1/admin/purposes/prize-draw', 'PUT', { channel: 'email', lifetimeDays: 30 });
    try {
      const people = ['budget-1@example.org', 'budget-2@example.org'];
      for (const email of people) await subscribed(email, ['prize-draw']);
      const later = new Date(Date.now() + 31 * 24 * 60 * minute);
      const left = async () =>
        (await Promise.all(people.map((email) => subjectIdOf(email)))).filter((id) => id !== null)
          .length;
      // Others' consents of earlier tests may be due too: passes of one erasure until ours go.
      let passes = 0;
      while ((await left()) === 2 && passes < 20) {
        await expireConsents(env, later, 1);
        passes += 1;
      }
      expect(await left()).toBe(1);
      await expireConsents(env, later, 1);
      expect(await left()).toBe(0);
    } finally {
      await admin('/v1/admin/purposes/prize-draw', 'PUT', { channel: 'email', lifetimeDays: null });
    }
  });

  it('R4: after the last purpose is withdrawn by either path, no text cell of any D1 table holds the address in any of its forms (the dev mailbox aside)', async () => {
    const addresses = ['Scan.Me+News@GoogleMail.com', 'Scan.Link+News@GoogleMail.com'];
    const forms = (address: string) => [
      address,
      address.toLowerCase(),
      canonicalMailbox(address),
      address.split('@')[0] ?? address,
      `${canonicalMailbox(address).split('@')[0] ?? ''}@`,
    ];
    const needles = addresses.flatMap(forms);
    for (const address of addresses) await subscribed(address);
    const path = await unsubscribePath(addresses[1] ?? '');
    const outsideMailbox = async () =>
      (await scanD1(needles)).filter((cell) => !cell.startsWith('dev_mailbox.'));
    // The scan finds what it looks for: the dev mailbox holds the address in clear.
    expect(await scanD1(needles)).toContain('dev_mailbox.to_address');
    expect(await outsideMailbox()).toEqual([]);

    const session = await sessionFor(addresses[0] ?? '');
    await asPerson(session, '/v1/me/withdrawals', 'POST', { purposes: ['newsletter'] });
    await oneClick(path);
    await runCron(new Date());
    expect(await outsideMailbox()).toEqual([]);
    // The erasure took the person's dev mailbox messages too.
    expect(await scanD1(needles)).toEqual([]);
    for (const address of addresses) expect(await subjectIdOf(address)).toBeNull();
  });
});

describe('19.4: withdrawing needs no fresh session; export and explicit erasure do', () => {
  it('R1/R4: a session opened 20 minutes ago (kept alive by use) withdraws a purpose and then the last one, but may not export or erase', async () => {
    const email = 'old-session@example.org';
    await subscribed(email, ['newsletter', 'prize-draw']);
    const opened = Date.now();
    const session = await sessionFor(email);
    vi.useFakeTimers({ toFake: ['Date'] });
    // Used at 10 minutes, so that at 20 it is past the fresh window but not idle.
    vi.setSystemTime(opened + 10 * minute);
    expect((await asPerson(session, '/v1/me')).status).toBe(200);
    vi.setSystemTime(opened + 20 * minute);
    for (const [path, method] of [
      ['/v1/me/export', 'GET'],
      ['/v1/me/export?format=csv', 'GET'],
      ['/v1/me/erasure', 'POST'],
    ] as const) {
      const refused = await asPerson(session, path, method);
      expect(refused.status, path).toBe(401);
      expect(await refused.json()).toMatchObject({
        error: { code: 'unauthorized', message: expect.stringContaining('15 minutes') },
      });
    }
    expect(await subjectIdOf(email)).not.toBeNull();
    const first = await asPerson(session, '/v1/me/withdrawals', 'POST', {
      purposes: ['newsletter'],
    });
    expect(await first.json()).toEqual({ withdrawn: ['newsletter'], unchanged: [], erased: false });
    const last = await asPerson(session, '/v1/me/withdrawals', 'POST', {
      purposes: ['prize-draw'],
    });
    expect(await last.json()).toEqual({ withdrawn: ['prize-draw'], unchanged: [], erased: true });
    expect(await subjectIdOf(email)).toBeNull();
  });
});

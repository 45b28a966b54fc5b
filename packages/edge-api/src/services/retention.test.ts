import { describe, expect, it } from 'vitest';
import {
  admin,
  call,
  confirmLinkFor,
  indexOf,
  outboxOf,
  postJson,
  pressConfirm,
  runCron,
  sql,
  subjectIdOf,
  validRequestBody,
} from '../../test/worker.js';

const day = 86_400_000;
const subjectCount = async (email: string) =>
  (
    await sql<{ n: number }>(
      'SELECT COUNT(*) AS n FROM subjects WHERE email_index = unhex(?)',
      await indexOf(email),
    )
  )[0]?.n;

describe('C8: unconfirmed requests are deleted', () => {
  it('C8: after 14 days (the default) an unconfirmed request, its email and its subject are gone; a count remains', async () => {
    const email = 'never-confirms@example.org';
    await postJson('/v1/consent-requests', await validRequestBody(email));
    const link = await confirmLinkFor(email);
    const subject = await subjectIdOf(email);
    expect(await outboxOf(subject)).toHaveLength(1);
    const now = Date.now();

    await runCron(new Date(now + 13 * day));
    expect(await subjectCount(email)).toBe(1);

    const later = new Date(now + 15 * day);
    await runCron(later);
    expect(await subjectCount(email)).toBe(0);
    expect(await outboxOf(subject)).toEqual([]);
    expect((await call(link)).status).toBe(404);
    const counts = await sql<{ unconfirmed_deleted: number }>(
      'SELECT unconfirmed_deleted FROM purge_counts WHERE site_id = ? AND day = ?',
      'demo',
      later.toISOString().slice(0, 10),
    );
    expect(counts[0]?.unconfirmed_deleted).toBeGreaterThanOrEqual(1);
    // What stays is the log's `requested` record: keyed hashes, no readable address.
    const kept = await sql<Record<string, unknown>>(
      "SELECT * FROM records WHERE event = 'requested' AND request_id NOT IN (SELECT id FROM consent_requests)",
    );
    expect(kept.length).toBeGreaterThan(0);
    expect(JSON.stringify(kept)).not.toContain(email);
  });

  it('C8: two requests for the same address and purposes leave no email behind once both lapse', async () => {
    const email = 'replaced@example.org';
    await postJson('/v1/consent-requests', await validRequestBody(email));
    await postJson('/v1/consent-requests', await validRequestBody(email));
    const subject = await subjectIdOf(email);
    // Both links stay valid until one confirms (decision 0008), so both messages stay too.
    expect(await outboxOf(subject)).toHaveLength(2);
    await runCron(new Date(Date.now() + 31 * day));
    expect(await outboxOf(subject)).toEqual([]);
    expect(await subjectCount(email)).toBe(0);
  });

  it('C8: the retention can never be shorter than a confirmation link is valid', async () => {
    const response = await admin('/v1/admin/site', 'PATCH', { unconfirmedRetentionDays: 1 });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ error: { field: 'unconfirmedRetentionDays' } });
  });

  it('C8: the retention is configurable per site', async () => {
    await admin('/v1/admin/site', 'PATCH', { unconfirmedRetentionDays: 7 });
    const email = 'short-retention@example.org';
    await postJson('/v1/consent-requests', await validRequestBody(email));
    await runCron(new Date(Date.now() + 8 * day));
    expect(await subjectCount(email)).toBe(0);
    await admin('/v1/admin/site', 'PATCH', { unconfirmedRetentionDays: 30 });
  });

  it('C8: a subject who confirmed something else keeps that consent when a later request lapses', async () => {
    const email = 'keeps-newsletter@example.org';
    await postJson('/v1/consent-requests', await validRequestBody(email));
    await pressConfirm(await confirmLinkFor(email));
    await postJson('/v1/consent-requests', await validRequestBody(email, ['prize-draw']));
    await runCron(new Date(Date.now() + 31 * day));
    expect(await subjectCount(email)).toBe(1);
    const check = await admin(
      `/v1/consents/check?email=${encodeURIComponent(email)}&purpose=newsletter`,
    );
    expect(await check.json()).toMatchObject({ allowed: true });
  });
});

describe('C9: time-limited consent', () => {
  it('C9: a consent with a 12-month lifetime expires by itself and its data is deleted', async () => {
    await admin('/v1/admin/purposes/newsletter', 'PUT', { channel: 'email', lifetimeDays: 365 });
    const email = 'twelve-months@example.org';
    await postJson('/v1/consent-requests', await validRequestBody(email));
    await pressConfirm(await confirmLinkFor(email));
    const subject = await subjectIdOf(email);
    expect(await outboxOf(subject)).toHaveLength(1);
    const check = async () =>
      (await (
        await admin(`/v1/consents/check?email=${encodeURIComponent(email)}&purpose=newsletter`)
      ).json()) as { allowed: boolean };
    expect((await check()).allowed).toBe(true);

    await runCron(new Date(Date.now() + 364 * day));
    expect((await check()).allowed).toBe(true);

    await runCron(new Date(Date.now() + 366 * day));
    expect((await check()).allowed).toBe(false);
    expect(await subjectCount(email)).toBe(0);
    expect(await outboxOf(subject)).toEqual([]);
    const events = await sql<{ event: string }>(
      "SELECT event FROM records WHERE purpose_id = 'newsletter' AND event = 'expired'",
    );
    expect(events.length).toBeGreaterThanOrEqual(1);
    await admin('/v1/admin/purposes/newsletter', 'PUT', { channel: 'email', lifetimeDays: null });
  });

  it('C9: a prize draw ending on a date expires every consent to it then, and leaves other purposes', async () => {
    const endsAt = new Date(Date.now() + 10 * day).toISOString();
    await admin('/v1/admin/purposes/prize-draw', 'PUT', { channel: 'email', endsAt });
    const email = 'draw@example.org';
    await postJson(
      '/v1/consent-requests',
      await validRequestBody(email, ['newsletter', 'prize-draw']),
    );
    await pressConfirm(await confirmLinkFor(email));

    await runCron(new Date(Date.now() + 11 * day));
    const consents = (await (
      await admin(`/v1/admin/subjects/consents?email=${encodeURIComponent(email)}`)
    ).json()) as { consents: { purpose: string; status: string }[] };
    expect(consents.consents.map((c) => [c.purpose, c.status])).toEqual([
      ['newsletter', 'active'],
      ['prize-draw', 'expired'],
    ]);
    await admin('/v1/admin/purposes/prize-draw', 'PUT', { channel: 'email', endsAt: null });
  });

  it('C9/A3: the check says no as soon as a lifetime ends, before the cron has run', async () => {
    const email = 'ends-now@example.org';
    await postJson('/v1/consent-requests', await validRequestBody(email));
    await pressConfirm(await confirmLinkFor(email));
    const query = `/v1/consents/check?email=${encodeURIComponent(email)}&purpose=newsletter`;
    expect(await (await admin(query)).json()).toMatchObject({ allowed: true });
    await sql(
      "UPDATE consents SET expires_at = '2000-01-01T00:00:00.000Z' WHERE subject_id = (SELECT id FROM subjects WHERE email_index = unhex(?))",
      await indexOf(email),
    );
    expect(await (await admin(query)).json()).toMatchObject({ allowed: false });
  });

  it('C9: a purpose that has ended is no longer offered or accepted', async () => {
    const body = await validRequestBody('too-late@example.org', ['prize-draw']);
    const endsAt = new Date(Date.now() - 1000).toISOString();
    await admin('/v1/admin/purposes/prize-draw', 'PUT', { channel: 'email', endsAt });
    const form = (await (await call('/v1/sites/demo/form?locale=en')).json()) as {
      purposes: { id: string }[];
    };
    expect(form.purposes.map((p) => p.id)).toEqual(['newsletter']);
    const response = await postJson('/v1/consent-requests', body);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'unknown_purpose' } });
    await admin('/v1/admin/purposes/prize-draw', 'PUT', { channel: 'email', endsAt: null });
  });
});

describe('R4/R6: what a person has no further use for goes with the cron', () => {
  it('R6: the cron deletes preference sessions that have ended and links that have expired', async () => {
    const email = 'ended-access@example.org';
    await postJson('/v1/consent-requests', await validRequestBody(email));
    await pressConfirm(await confirmLinkFor(email));
    await postJson('/v1/preference-links', { site: 'demo', email, locale: 'en' });
    const [mail] = await sql<{ text_body: string }>(
      "SELECT text_body FROM dev_mailbox WHERE to_address = ? AND subject LIKE '%preferences%'",
      email,
    );
    const token = mail?.text_body.match(/#token=([A-Za-z0-9_-]{43})/)?.[1];
    expect((await postJson('/v1/preference-sessions', { token })).status).toBe(201);
    const subject = await subjectIdOf(email);
    const held = async () => [
      (await sql('SELECT 1 FROM preference_sessions WHERE subject_id = ?', subject)).length,
      (await sql('SELECT 1 FROM preference_links WHERE subject_id = ?', subject)).length,
    ];
    await runCron(new Date(Date.now() + 60_000));
    expect(await held()).toEqual([1, 1]);
    await runCron(new Date(Date.now() + 2 * 3_600_000));
    expect(await held()).toEqual([0, 0]);
    expect(await subjectCount(email)).toBe(1);
  });

  it("R4/C8: a lapsed request takes the subject's preference-link messages with it; the cron deletes such messages left of a deleted subject", async () => {
    const email = 'lapses-with-link@example.org';
    await postJson('/v1/consent-requests', await validRequestBody(email));
    await postJson('/v1/preference-links', { site: 'demo', email, locale: 'en' });
    const subject = await subjectIdOf(email);
    expect(await outboxOf(subject)).toHaveLength(2);
    // Left from before: a message of a subject already gone, and one of no subject (an owner's).
    const at = new Date().toISOString();
    for (const [id, subjectId] of [
      ['left-of-gone-subject', 'gone-subject'],
      ['owner-sign-in', null],
    ]) {
      await sql(
        `INSERT INTO outbox (id, channel, site_id, subject_id, to_address, subject, text_body, html_body, status, next_attempt_at, created_at)
         VALUES (?, 'email', 'demo', ?, '', 'S', '', '', 'sent', ?, ?)`,
        id,
        subjectId,
        at,
        at,
      );
    }
    // Past the site's retention (30 days, as an earlier test of this file leaves it).
    await runCron(new Date(Date.now() + 31 * day));
    expect(await subjectCount(email)).toBe(0);
    expect(await outboxOf(subject)).toEqual([]);
    const left = await sql<{ id: string }>(
      "SELECT id FROM outbox WHERE id IN ('left-of-gone-subject', 'owner-sign-in')",
    );
    expect(left).toEqual([{ id: 'owner-sign-in' }]);
  });
});

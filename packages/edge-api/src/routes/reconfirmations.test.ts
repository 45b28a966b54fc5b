import type {
  ConsentCheck,
  ReconfirmationPreview,
  ReconfirmationStarted,
  ReconfirmationStatus,
} from '@signet/sdk';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  addEmailPurpose,
  admin,
  call,
  confirmLinkFor,
  crlf,
  demoApiKey,
  pressConfirm,
  rowCounts,
  runCron,
  sql,
  subjectIdOf,
} from '../../test/worker.js';

/** Each test has a purpose of its own: the file's tests share one database. */
async function addPurpose(id: string) {
  expect((await addEmailPurpose(id)).status).toBe(201);
}

async function importSignet(purpose: string, lines: string[]) {
  await addPurpose(purpose);
  const response = await call(`/v1/admin/imports?format=signet&purpose=${purpose}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${demoApiKey}`, 'content-type': 'text/csv' },
    body: crlf(['email,opt_in_at,confirmed_at', ...lines]),
  });
  expect(response.status).toBe(200);
}

async function start(body: unknown) {
  const response = await admin('/v1/admin/reconfirmations', 'POST', body);
  expect(response.status).toBe(200);
  return response.json<ReconfirmationStarted>();
}

async function progress(purpose: string) {
  const response = await admin('/v1/admin/reconfirmations');
  expect(response.status).toBe(200);
  const status = await response.json<ReconfirmationStatus>();
  return status.purposes.find((entry) => entry.purpose === purpose);
}

const check = async (email: string, purpose: string) =>
  (
    await call(`/v1/consents/check?email=${encodeURIComponent(email)}&purpose=${purpose}`, {
      headers: { authorization: `Bearer ${demoApiKey}` },
    })
  ).json<ConsentCheck>();

const basisOf = async (email: string, purpose: string) =>
  (
    await sql<{ basis: string }>(
      'SELECT basis FROM consents WHERE subject_id = ? AND purpose_id = ?',
      await subjectIdOf(email),
      purpose,
    )
  )[0]?.basis;

const requestsOf = async (email: string) =>
  (
    await sql<{ n: number }>(
      'SELECT COUNT(*) AS n FROM consent_requests WHERE subject_id = ?',
      await subjectIdOf(email),
    )
  )[0]?.n;

describe('re-confirming imported consents (M1)', () => {
  it('M1: confirming the mailed link moves an imported consent to the double opt-in', async () => {
    await importSignet('letters', ['reconfirm-me@example.org,2024-01-01T00:00:00Z,']);
    expect(await basisOf('reconfirm-me@example.org', 'letters')).toBe('imported');

    const started = await start({ purpose: 'letters' });
    expect(started).toMatchObject({ queuedNow: 1, sentNow: 1 });
    const confirmed = await pressConfirm(await confirmLinkFor('reconfirm-me@example.org'));
    expect(confirmed.status).toBe(200);

    const answer = await check('reconfirm-me@example.org', 'letters');
    expect(answer).toMatchObject({ allowed: true, basis: 'double-opt-in' });
    expect(answer.record?.event).toBe('confirmed');
    const [consent] = await sql<{ basis: string; imported_confirmed_at: string | null }>(
      'SELECT basis, imported_confirmed_at FROM consents WHERE subject_id = ?',
      await subjectIdOf('reconfirm-me@example.org'),
    );
    expect(consent).toEqual({ basis: 'double-opt-in', imported_confirmed_at: null });
    expect(await progress('letters')).toEqual({
      purpose: 'letters',
      queued: 1,
      sent: 1,
      confirmed: 1,
      noAnswer: 0,
      bounced: null,
    });
  });

  it('M1: a re-run queues and mails no one twice', async () => {
    await importSignet('digest', ['rerun-a@example.org,,', 'rerun-b@example.org,,']);
    expect(await start({ purpose: 'digest' })).toMatchObject({ queuedNow: 2, sentNow: 2 });
    expect(await requestsOf('rerun-a@example.org')).toBe(1);

    expect(await start({ purpose: 'digest' })).toMatchObject({ queuedNow: 0, sentNow: 0 });
    expect(await requestsOf('rerun-a@example.org')).toBe(1);
    expect(await progress('digest')).toMatchObject({
      queued: 2,
      sent: 2,
      confirmed: 0,
      noAnswer: 2,
    });
    // Those who did not answer stay imported.
    expect(await basisOf('rerun-b@example.org', 'digest')).toBe('imported');
  });

  it('M1: the daily cap holds back the rest, and the cron sends each later day its share', async () => {
    // The cap counts every re-confirmation the site sent: the earlier tests' would count too.
    await sql('DELETE FROM reconfirmations');
    expect((await admin('/v1/admin/site', 'PATCH', { reconfirmationsPerDay: 2 })).status).toBe(200);
    // The tests after this one share the site: its cap goes back even when this one fails.
    onTestFinished(async () => {
      await admin('/v1/admin/site', 'PATCH', { reconfirmationsPerDay: 500 });
    });
    await importSignet(
      'offers',
      Array.from({ length: 5 }, (_, i) => `capped-${i}@example.org,,`),
    );
    const begun = Date.now();
    expect(await start({ purpose: 'offers' })).toMatchObject({ queuedNow: 5, sentNow: 2 });

    await runCron(new Date(begun + 3_600_000));
    expect(await progress('offers')).toMatchObject({ queued: 5, sent: 2 });
    await runCron(new Date(begun + 25 * 3_600_000));
    expect(await progress('offers')).toMatchObject({ queued: 5, sent: 4 });
    await runCron(new Date(begun + 50 * 3_600_000));
    expect(await progress('offers')).toMatchObject({ queued: 5, sent: 5, noAnswer: 5 });
    const { dailyCap } = await (
      await admin('/v1/admin/reconfirmations')
    ).json<ReconfirmationStatus>();
    expect(dailyCap).toBe(2);
  });

  it('M1: only consents without DOI evidence are queued when asked', async () => {
    await importSignet('events', [
      'with-evidence@example.org,2024-01-01T00:00:00Z,2024-01-01T00:05:00Z',
      'without-evidence@example.org,2024-01-01T00:00:00Z,',
    ]);
    expect(await start({ purpose: 'events', withoutEvidenceOnly: true })).toMatchObject({
      queuedNow: 1,
      sentNow: 1,
    });
    expect(await requestsOf('with-evidence@example.org')).toBe(0);
    expect(await requestsOf('without-evidence@example.org')).toBe(1);
  });

  it("M1: one call sends at most a pass of the day's share, the next cron pass the rest", async () => {
    await importSignet(
      'bulk',
      Array.from({ length: 101 }, (_, i) => `bulk-${i}@example.org,,`),
    );
    const begun = Date.now();
    expect(await start({ purpose: 'bulk' })).toMatchObject({ queuedNow: 101, sentNow: 100 });
    await runCron(new Date(begun + 5 * 60_000));
    expect(await progress('bulk')).toMatchObject({ queued: 101, sent: 101 });
  });

  it('M1: a preview says how many a start would mail and what is left of the daily cap, and writes nothing', async () => {
    await importSignet('previewed', [
      'preview-evidence@example.org,2024-01-01T00:00:00Z,2024-01-01T00:05:00Z',
      'preview-none@example.org,2024-01-01T00:00:00Z,',
      'preview-none-too@example.org,,',
    ]);
    const preview = async (query: string) => {
      const response = await admin(`/v1/admin/reconfirmations/preview?${query}`);
      expect(response.status).toBe(200);
      return response.json<ReconfirmationPreview>();
    };
    const sentToday = async () =>
      (
        await sql<{ n: number }>(
          'SELECT COUNT(*) AS n FROM reconfirmations WHERE sent_at > ?',
          new Date(Date.now() - 86_400_000).toISOString(),
        )
      )[0]?.n ?? 0;
    const { admin_events: _log, ...before } = await rowCounts();
    const leftBefore = 500 - (await sentToday());
    expect(await preview('purpose=previewed')).toEqual({
      purpose: 'previewed',
      withoutEvidenceOnly: false,
      recipients: 3,
      dailyCap: 500,
      leftToday: leftBefore,
    });
    expect(await preview('purpose=previewed&withoutEvidenceOnly=true')).toMatchObject({
      withoutEvidenceOnly: true,
      recipients: 2,
    });
    const { admin_events: _after, ...after } = await rowCounts();
    expect(after).toEqual(before);

    // Those mailed are not counted again; the day's share shrinks by what was sent.
    expect(await start({ purpose: 'previewed', withoutEvidenceOnly: true })).toMatchObject({
      sentNow: 2,
    });
    expect(await preview('purpose=previewed&withoutEvidenceOnly=true')).toMatchObject({
      recipients: 0,
      leftToday: leftBefore - 2,
    });
    expect(await preview('purpose=previewed')).toMatchObject({ recipients: 1 });

    const unknown = await admin('/v1/admin/reconfirmations/preview?purpose=no-such');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'unknown_purpose' } });
    const malformed = await admin(
      '/v1/admin/reconfirmations/preview?purpose=previewed&withoutEvidenceOnly=yes',
    );
    expect(malformed.status).toBe(422);
    expect(await malformed.json()).toMatchObject({
      error: { code: 'invalid_input', field: 'withoutEvidenceOnly' },
    });
  });

  it('M1: an unknown purpose is refused and queues nothing', async () => {
    const response = await admin('/v1/admin/reconfirmations', 'POST', { purpose: 'no-such' });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'unknown_purpose' } });
    const [queued] = await sql<{ n: number }>(
      "SELECT COUNT(*) AS n FROM reconfirmations WHERE purpose_id = 'no-such'",
    );
    expect(queued?.n).toBe(0);
  });
});

// Decision 0005, issue 19: a row written straight into D1 is never signed. The sequencer checks
// each row's MAC (under a key the database never holds), quarantines a row without a good one,
// reports it in the admin log and as `log.integrity` to the site's endpoints, and goes on.
import { env } from 'cloudflare:workers';
import { verifyLog, verifyWebhook } from '@signet/sdk';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  admin,
  confirmLinkFor,
  indexOf,
  postJson,
  pressConfirm,
  runCron,
  sql,
  validRequestBody,
} from '../../test/worker.js';
import { loadSigner } from '../crypto/signer.js';
import { listSealedRecords, toSignedRecord } from '../store/records.js';
import { makeCheckpoint, sequenceSite } from './record-log.js';

afterEach(() => vi.restoreAllMocks());

const receiver = 'https://hooks.shop.example/integrity';

function capturingReceiver() {
  const calls: { headers: Headers; body: string }[] = [];
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    if (String(input) !== receiver) throw new Error(`unexpected fetch ${String(input)}`);
    calls.push({ headers: new Headers(init?.headers), body: String(init?.body) });
    return new Response(null, { status: 204 });
  });
  return calls;
}

async function confirmed(email: string) {
  await postJson('/v1/consent-requests', await validRequestBody(email));
  await pressConfirm(await confirmLinkFor(email));
}

/**
 * What a party with D1 write access would insert: a `confirmed` row for a person who never
 * confirmed, copied from their genuine `requested` row, with that row's MAC or none.
 */
async function insertForgedConfirmation(email: string, id: string, mac: 'copied' | 'none') {
  const [requested] = await sql<{ id: string }>(
    "SELECT id FROM records WHERE email_hash = unhex(?) AND event = 'requested'",
    await indexOf(email),
  );
  await sql(
    `INSERT INTO records (id, site_id, subject_id, email_hash, phone_hash, purpose_id, event,
            wording_version, request_id, page_url, form, evidence_ip, evidence_user_agent,
            created_at, mac)
     SELECT ?, site_id, subject_id, email_hash, phone_hash, purpose_id, 'confirmed',
            wording_version, request_id, page_url, 'confirm-page:email-link', evidence_ip,
            evidence_user_agent, ?, ${mac === 'copied' ? 'mac' : 'NULL'}
       FROM records WHERE id = ?`,
    id,
    new Date().toISOString(),
    requested?.id,
  );
}

describe('rows written straight into D1', () => {
  it('P2: a confirmed row inserted by hand is never signed: quarantined, in the admin log, sent as log.integrity, and the log goes on', async () => {
    const endpoint = await admin('/v1/admin/webhooks', 'POST', {
      url: receiver,
      events: ['consent.confirmed'],
    });
    const { secret } = (await endpoint.json()) as { secret: string };
    const calls = capturingReceiver();

    await confirmed('genuine-before@example.org');
    // Someone who asked but never confirmed: the victim of the forgery.
    const victim = 'never-confirmed@example.org';
    // Not sealed yet (no signing key for this call), so its row still has a MAC to copy: a sealed
    // row keeps none (its signature covers it).
    await postJson('/v1/consent-requests', await validRequestBody(victim), {}, { SIGNING_KEY: '' });
    await insertForgedConfirmation(victim, 'forged-with-copied-mac', 'copied');
    await insertForgedConfirmation(victim, 'forged-without-mac', 'none');
    // A genuine change seals its own records in its batch (issue 23); the cron's next pass seals
    // whatever else waits (as does any sealing after an answer) and sends the events due.
    await confirmed('genuine-after@example.org');
    await runCron(new Date(Date.now() + 60_000));

    const forged = ['forged-with-copied-mac', 'forged-without-mac'];
    expect(await sql('SELECT id FROM records WHERE id IN (?, ?)', ...forged)).toEqual([]);
    expect(
      await sql('SELECT id, reason FROM quarantined_records WHERE site_id = ? ORDER BY id', 'demo'),
    ).toEqual([
      { id: 'forged-with-copied-mac', reason: 'mismatch' },
      { id: 'forged-without-mac', reason: 'missing' },
    ]);
    // The genuine rows around them were sealed, and the site's log verifies.
    const after = await sql<{ seq: number | null }>(
      'SELECT seq FROM records WHERE email_hash = unhex(?)',
      await indexOf('genuine-after@example.org'),
    );
    expect(after.length).toBe(2);
    expect(after.every((row) => row.seq !== null)).toBe(true);
    const signer = await loadSigner(env.SIGNING_KEY);
    const records = (await listSealedRecords(env.DB, 'demo', { afterSeq: 0, limit: 1000 })).map(
      toSignedRecord,
    );
    expect(records.map((signed) => signed.record.id)).not.toContain(forged[0]);
    expect(records.map((signed) => signed.record.id)).not.toContain(forged[1]);
    const victimIndex = await indexOf(victim);
    expect(
      records.filter((s) => s.record.contact.email === victimIndex).map((s) => s.record.event),
    ).toEqual(['requested']);
    const checkpoint = await makeCheckpoint(env, signer, 'demo', new Date());
    expect(await verifyLog(records, checkpoint, { keys: [signer.publicJwk] })).toEqual({
      ok: true,
    });

    // The owner's admin log says so, by Signet itself.
    const events = (await (await admin('/v1/admin/events')).json()) as {
      events: { keyId: string; action: string; target: string | null }[];
    };
    const integrity = events.events.filter((event) => event.action === 'log.integrity');
    expect(integrity.map((event) => event.keyId)).toEqual(['signet', 'signet']);
    expect(
      integrity
        .map((event) => JSON.parse(event.target ?? '{}'))
        .sort((a, b) => a.record.localeCompare(b.record)),
    ).toEqual([
      { record: 'forged-with-copied-mac', event: 'confirmed', reason: 'mismatch' },
      { record: 'forged-without-mac', event: 'confirmed', reason: 'missing' },
    ]);

    // Each endpoint of the site got a signed log.integrity event, and none about the forged rows
    // as consents.
    const sent = [];
    for (const call of calls) {
      const verified = await verifyWebhook({
        payload: call.body,
        headers: {
          'webhook-id': call.headers.get('webhook-id') ?? '',
          'webhook-timestamp': call.headers.get('webhook-timestamp') ?? '',
          'webhook-signature': call.headers.get('webhook-signature') ?? '',
        },
        secret,
        now: new Date(Number(call.headers.get('webhook-timestamp')) * 1000),
      });
      expect(verified.ok ? true : verified.error.message).toBe(true);
      if (verified.ok) sent.push(verified.value);
    }
    const alerts = sent.filter((event) => event.type === 'log.integrity');
    expect(alerts.map((event) => event.data.record).sort()).toEqual(forged);
    expect(alerts[0]?.data).toMatchObject({
      site: 'demo',
      event: 'confirmed',
      purpose: 'newsletter',
    });
    expect(sent.filter((event) => event.type === 'consent.confirmed').length).toBe(2);
    expect(
      await sql(
        "SELECT id FROM webhook_deliveries WHERE record_id IN (?, ?) AND type <> 'log.integrity'",
        ...forged,
      ),
    ).toEqual([]);

    // Never retried: another pass finds nothing to refuse and reports nothing new.
    await sequenceSite(env, signer, 'demo');
    const [reported] = await sql<{ n: number }>(
      "SELECT COUNT(*) AS n FROM admin_events WHERE action = 'log.integrity'",
    );
    expect(reported?.n).toBe(2);
  });

  it('P2: a genuine row changed before it is sealed is refused too (its MAC covers every field)', async () => {
    const email = 'changed-before-sealing@example.org';
    await postJson('/v1/consent-requests', await validRequestBody(email), {}, { SIGNING_KEY: '' });
    await sql(
      "UPDATE records SET event = 'confirmed' WHERE email_hash = unhex(?) AND seq IS NULL",
      await indexOf(email),
    );
    const signer = await loadSigner(env.SIGNING_KEY);
    await sequenceSite(env, signer, 'demo');
    expect(
      await sql('SELECT event FROM records WHERE email_hash = unhex(?)', await indexOf(email)),
    ).toEqual([]);
    const [row] = await sql<{ reason: string; row: string }>(
      'SELECT reason, row FROM quarantined_records WHERE json_extract(row, ?) = ?',
      '$.email_hash',
      await indexOf(email),
    );
    expect(row?.reason).toBe('mismatch');
  });
});

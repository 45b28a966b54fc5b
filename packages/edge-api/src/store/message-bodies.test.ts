import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { sql, subjectIdOf, subscribed } from '../../test/worker.js';
import { inflateBody, storedBody } from './message-bodies.js';
import { listSentMessagesForRequests } from './outbox.js';
import { listPersonRows } from './person-rows.js';

async function confirmedMessage(email: string) {
  await subscribed(email);
  const subjectId = await subjectIdOf(email);
  const [row] = await sql<{
    id: string;
    request_id: string;
    subject: string;
    text_body: string;
    html_body: string;
    body_deflated: number[] | null;
  }>(
    `SELECT id, request_id, subject, text_body, html_body, body_deflated FROM outbox
      WHERE request_id IN (SELECT id FROM consent_requests WHERE subject_id = ?)`,
    subjectId,
  );
  if (!row) throw new Error('no message');
  return { row, subjectId: subjectId ?? '' };
}

describe('P1: the confirmation message kept as sent, compressed', () => {
  it('P1: a new confirmation message is stored only compressed, and reads back as the subject, text and HTML that were sent', async () => {
    const email = 'kept-compressed@example.org';
    const { row } = await confirmedMessage(email);
    expect(row.subject).toBe('');
    expect(row.text_body).toBe('');
    expect(row.html_body).toBe('');
    expect(row.body_deflated?.length ?? 0).toBeGreaterThan(0);
    const body = await storedBody(row);
    expect(body.text).toContain('/confirm/[redacted:');
    expect(body.html).toContain('<html');
    const [mail] = await sql<{ subject: string; text_body: string; html_body: string }>(
      'SELECT subject, text_body, html_body FROM dev_mailbox WHERE to_address = ?',
      email,
    );
    expect(body.subject).toBe(mail?.subject);
    // The mailbox got the live link where the kept copy says [redacted…]; all else is equal.
    const live = /\/confirm\/[A-Za-z0-9_-]{43}/g;
    expect(mail?.text_body.replace(live, '')).toBe(
      body.text.replace(/\/confirm\/\[redacted[^\]]*\]/g, ''),
    );
    expect((row.body_deflated?.length ?? 0) * 2).toBeLessThan(body.text.length + body.html.length);
  });

  it('P1: a message stored before migration 0030 (bodies in clear) reads as before in the evidence and the export', async () => {
    const { row, subjectId } = await confirmedMessage('kept-before-0030@example.org');
    const [compressed] = await listSentMessagesForRequests(env.DB, [row.request_id]);
    const body = await inflateBody(new Uint8Array(row.body_deflated ?? []));
    await sql(
      'UPDATE outbox SET subject = ?, text_body = ?, html_body = ?, body_deflated = NULL WHERE id = ?',
      body.subject,
      body.text,
      body.html,
      row.id,
    );
    expect(await listSentMessagesForRequests(env.DB, [row.request_id])).toEqual([compressed]);
    const [message] = (await listPersonRows(env.DB, subjectId)).messages;
    expect(await storedBody(message ?? { subject: '', text_body: '', html_body: '' })).toEqual(
      body,
    );
  });

  it('P1: a message kept since migration 0037 is not JSON, and one kept as JSON before reads the same in the evidence and the export', async () => {
    const { row, subjectId } = await confirmedMessage('kept-before-0037@example.org');
    const stored = new Uint8Array(row.body_deflated ?? []);
    const plain = new TextDecoder().decode(
      await new Response(
        new Blob([stored]).stream().pipeThrough(new DecompressionStream('deflate-raw')),
      ).arrayBuffer(),
    );
    expect(plain.startsWith('\u0001')).toBe(true);
    const evidence = await listSentMessagesForRequests(env.DB, [row.request_id]);
    const exported = (await listPersonRows(env.DB, subjectId)).messages;
    const body = await inflateBody(stored);
    const json = new Blob([JSON.stringify([body.text, body.html, body.subject])]);
    const asBefore = new Uint8Array(
      await new Response(
        json.stream().pipeThrough(new CompressionStream('deflate-raw')),
      ).arrayBuffer(),
    );
    expect(asBefore.length).toBeGreaterThan(stored.length);
    await sql('UPDATE outbox SET body_deflated = ? WHERE id = ?', asBefore, row.id);
    expect(await listSentMessagesForRequests(env.DB, [row.request_id])).toEqual(evidence);
    const [message] = (await listPersonRows(env.DB, subjectId)).messages;
    expect(await storedBody(message ?? { subject: '', text_body: '', html_body: '' })).toEqual(
      await storedBody(exported[0] ?? { subject: '', text_body: '', html_body: '' }),
    );
  });

  it('P1: a message sent in the request that wrote it keeps its send time once, and shows it in the evidence and the export', async () => {
    const { row, subjectId } = await confirmedMessage('sent-at-once@example.org');
    const [kept] = await sql<{ created_at: string; sent_at: string }>(
      'SELECT created_at, sent_at FROM outbox WHERE id = ?',
      row.id,
    );
    expect(kept?.sent_at).toBe('');
    const [evidence] = await listSentMessagesForRequests(env.DB, [row.request_id]);
    expect(evidence?.sentAt).toBe(kept?.created_at);
    const [message] = (await listPersonRows(env.DB, subjectId)).messages;
    expect(message?.sent_at).toBe(kept?.created_at);

    // Sent later (a retry, or a row from before): the time is kept as it was.
    await sql("UPDATE outbox SET sent_at = '2030-01-01T00:00:00.000Z' WHERE id = ?", row.id);
    const [later] = await listSentMessagesForRequests(env.DB, [row.request_id]);
    expect(later?.sentAt).toBe('2030-01-01T00:00:00.000Z');
  });
});

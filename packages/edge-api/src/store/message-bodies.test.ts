import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import {
  confirmLinkFor,
  postJson,
  pressConfirm,
  sql,
  subjectIdOf,
  validRequestBody,
} from '../../test/worker.js';
import { inflateBody, storedBody } from './message-bodies.js';
import { listSentMessagesForRequests } from './outbox.js';
import { listPersonRows } from './person-rows.js';

async function confirmedMessage(email: string) {
  await postJson('/v1/consent-requests', await validRequestBody(email));
  await pressConfirm(await confirmLinkFor(email));
  const subjectId = await subjectIdOf(email);
  const [row] = await sql<{
    id: string;
    request_id: string;
    subject: string;
    text_body: string;
    html_body: string;
    body_deflated: number[] | null;
  }>(
    'SELECT id, request_id, subject, text_body, html_body, body_deflated FROM outbox WHERE subject_id = ?',
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
});

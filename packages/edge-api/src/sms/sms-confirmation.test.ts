import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  addSmsPurpose,
  admin,
  call,
  devMailboxLink,
  pressConfirm,
  runCron,
  sql,
  testOrigin,
  validRequestBody,
} from '../../test/worker.js';

const smsDev = { SMS_TRANSPORT: 'dev-mailbox' };
const post = (body: unknown, overrides: Record<string, string> = smsDev) =>
  call(
    '/v1/consent-requests',
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: testOrigin },
      body: JSON.stringify(body),
    },
    overrides,
  );

const allowed = async (query: string) =>
  ((await (await admin(`/v1/consents/check?${query}`)).json()) as { allowed: boolean }).allowed;

afterEach(() => vi.restoreAllMocks());

describe('C5: SMS confirmation through an SMS adapter', () => {
  it('C5: with an SMS transport, SMS purposes are confirmed by SMS and email purposes by email', async () => {
    const version = await addSmsPurpose('sms-deals');
    const email = 'both@example.org';
    const phone = '+4917612345678';
    const base = await validRequestBody(email);
    const response = await post({
      ...base,
      phone,
      purposes: [...base.purposes, { id: 'sms-deals', wordingVersion: version }],
    });
    expect(response.status).toBe(202);

    const emailLink = await devMailboxLink(email);
    const smsLink = await devMailboxLink(phone);
    expect(emailLink).not.toBeNull();
    expect(smsLink).not.toBeNull();
    expect(smsLink).not.toBe(emailLink);
    const [mail] = await sql<{ text_body: string }>(
      'SELECT text_body FROM dev_mailbox WHERE to_address = ?',
      email,
    );
    expect(mail?.text_body).not.toContain('Send me offers by SMS');
    const [sms] = await sql<{ text_body: string }>(
      'SELECT text_body FROM dev_mailbox WHERE to_address = ?',
      phone,
    );
    expect(sms?.text_body).toContain(
      'Signet Demo Shop: Please confirm your consent (Send me offers by SMS)',
    );

    // Confirming the email does not confirm the SMS purpose (C2): only the SMS link does.
    await pressConfirm(emailLink ?? '');
    expect(await allowed(`email=${encodeURIComponent(email)}&purpose=newsletter`)).toBe(true);
    expect(await allowed(`phone=${encodeURIComponent(phone)}&purpose=sms-deals`)).toBe(false);
    const page = await (await call(smsLink ?? '')).text();
    expect(page).toContain('Send me offers by SMS');
    await pressConfirm(smsLink ?? '');
    expect(await allowed(`phone=${encodeURIComponent(phone)}&purpose=sms-deals`)).toBe(true);
  });

  it('C5: the HTTP SMS adapter posts the text to the provider and retries through the outbox', async () => {
    const version = await addSmsPurpose('sms-http');
    const sent: { to: string; text: string }[] = [];
    let calls = 0;
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      expect(String(input)).toBe('https://sms.provider.test/api/sms');
      expect(new Headers(init?.headers).get('x-api-key')).toBe('sms-key');
      calls += 1;
      if (calls === 1) return new Response('down', { status: 500 });
      sent.push(JSON.parse(String(init?.body)));
      return Response.json({ success: '100' });
    });
    const httpSms = {
      SMS_TRANSPORT: 'http',
      SMS_API_URL: 'https://sms.provider.test/api/sms',
      SMS_API_KEY: 'sms-key',
    };
    const phone = '+4917699999999';
    const response = await post(
      {
        ...(await validRequestBody('sms-http@example.org')),
        phone,
        purposes: [{ id: 'sms-http', wordingVersion: version }],
      },
      httpSms,
    );
    expect(response.status).toBe(202);
    expect(sent).toEqual([]);
    await runCron(new Date(Date.now() + 2 * 60_000), httpSms);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.to).toBe(phone);
    expect(sent[0]?.text).toMatch(/\/confirm\/[A-Za-z0-9_-]{43}/);
    // An SMS-only choice sends no email.
    expect(await devMailboxLink('sms-http@example.org')).toBeNull();
  });

  it('S4: SMS to one number are limited like emails to one address', async () => {
    const version = await addSmsPurpose('sms-limit');
    const phone = '+4917611111111';
    for (let i = 0; i < 5; i += 1) {
      const body = await validRequestBody(`limit-${i}@example.org`);
      expect(
        (await post({ ...body, phone, purposes: [{ id: 'sms-limit', wordingVersion: version }] }))
          .status,
      ).toBe(202);
    }
    const [count] = await sql<{ n: number }>(
      'SELECT COUNT(*) AS n FROM dev_mailbox WHERE to_address = ?',
      phone,
    );
    expect(count?.n).toBe(3);
  });
});

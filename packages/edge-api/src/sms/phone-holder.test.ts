import { describe, expect, it } from 'vitest';
import {
  addSmsPurpose,
  admin,
  devMailboxLink,
  indexOf,
  postJson,
  pressConfirm,
  sql,
  validRequestBody,
  withSms,
} from '../../test/worker.js';

async function requestSms(email: string, phone: string, purpose: string, version: string) {
  const body = await validRequestBody(email);
  const response = await postJson(
    '/v1/consent-requests',
    { ...body, phone, purposes: [{ id: purpose, wordingVersion: version }] },
    {},
    withSms,
  );
  expect(response.status).toBe(202);
  return devMailboxLink(phone);
}

const allowedByPhone = async (phone: string, purpose: string) =>
  (
    (await (
      await admin(`/v1/consents/check?phone=${encodeURIComponent(phone)}&purpose=${purpose}`)
    ).json()) as { allowed: boolean }
  ).allowed;

/** What the site holds for a person, as the state an attack must leave unchanged. */
async function stateOf(email: string) {
  return sql(
    `SELECT s.phone_index, c.purpose_id, c.status, c.request_id
       FROM subjects s LEFT JOIN consents c ON c.subject_id = s.id
      WHERE s.email_index = unhex(?) ORDER BY c.purpose_id`,
    await indexOf(email),
  );
}

describe("C5: a phone number is confirmed by its holder, and never becomes another person's", () => {
  it('C5: an SMS purpose is active only after the link sent by SMS is used', async () => {
    const version = await addSmsPurpose('sms-holder');
    const phone = '+4917600000001';
    const link = await requestSms('holder@example.org', phone, 'sms-holder', version);
    expect(link).not.toBeNull();
    // No email was sent for the SMS purpose: the address holder cannot confirm the number.
    expect(await devMailboxLink('holder@example.org')).toBeNull();
    expect(await allowedByPhone(phone, 'sms-holder')).toBe(false);
    await pressConfirm(link ?? '');
    expect(await allowedByPhone(phone, 'sms-holder')).toBe(true);
  });

  it("C5: attacker's email with the victim's number, and the victim's email with the attacker's number, leave the victim's state unchanged", async () => {
    const version = await addSmsPurpose('sms-victim');
    const victim = { email: 'victim-sms@example.org', phone: '+4917600000002' };
    const attacker = { email: 'attacker-sms@example.org', phone: '+4917600000003' };
    await pressConfirm((await requestSms(victim.email, victim.phone, 'sms-victim', version)) ?? '');
    const before = await stateOf(victim.email);
    expect(before).toHaveLength(1);
    expect(before[0]).toMatchObject({ phone_index: expect.any(String), status: 'active' });

    // Attacker's email, victim's number: the SMS goes to the victim, whose number it is.
    const toVictim = await requestSms(attacker.email, victim.phone, 'sms-victim', version);
    // Even if the victim pressed the button, the number stays the victim's own subject's.
    const taken = await pressConfirm(toVictim ?? '');
    expect(taken.status).toBe(409);
    expect(await taken.text()).toContain('Nothing was changed.');

    // Victim's email, attacker's number: the attacker holds the number and presses the button.
    const toAttacker = await requestSms(victim.email, attacker.phone, 'sms-victim', version);
    const replaced = await pressConfirm(toAttacker ?? '');
    expect(replaced.status).toBe(409);

    expect(await stateOf(victim.email)).toEqual(before);
    expect(await allowedByPhone(victim.phone, 'sms-victim')).toBe(true);
    expect(await allowedByPhone(attacker.phone, 'sms-victim')).toBe(false);
    expect(await stateOf(attacker.email)).toEqual([
      { phone_index: null, purpose_id: null, status: null, request_id: null },
    ]);
  });

  it('C5: a lookup by phone finds one subject at most: the database refuses a second holder', async () => {
    const insert = (id: string, emailIndex: string) =>
      sql(
        `INSERT INTO subjects (id, site_id, email_index, email, phone, phone_index, created_at)
         VALUES (?, 'demo', ?, 'x@example.org', '+4917600000009', 'same-phone-index', '2026-01-01T00:00:00Z')`,
        id,
        emailIndex,
      );
    await insert('first-holder', 'index-a');
    await expect(insert('second-holder', 'index-b')).rejects.toThrow(/UNIQUE/);
  });
});

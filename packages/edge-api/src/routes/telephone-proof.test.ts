import type { SignedRecord } from '@signet/sdk';
import { describe, expect, it } from 'vitest';
import {
  admin,
  devMailboxLink,
  postJson,
  pressConfirm,
  runCron,
  subjectIdOf,
  validRequestBody,
  withSms,
} from '../../test/worker.js';

describe('P4: telephone advertising consents (§ 7a UWG)', () => {
  it('P4: each call checked with use=call writes a signed `used` record; other purposes refuse it', async () => {
    await admin('/v1/admin/purposes/phone-calls', 'PUT', { channel: 'phone' });
    const published = await admin('/v1/admin/purposes/phone-calls/wordings', 'POST', {
      locale: 'en',
      label: 'Call me with offers',
      processed: 'Your phone number',
      purpose: 'Offers by phone',
      retention: 'Until you withdraw',
      withdrawal: 'Say so on the call, or use your preferences page',
    });
    const version = ((await published.json()) as { version: string }).version;
    const email = 'calls@example.org';
    const phone = '+4917633300011';
    await postJson(
      '/v1/consent-requests',
      {
        ...(await validRequestBody(email, [])),
        phone,
        purposes: [{ id: 'phone-calls', wordingVersion: version }],
      },
      {},
      withSms,
    );
    await pressConfirm((await devMailboxLink(phone)) ?? '', withSms);

    const call = () =>
      admin(`/v1/consents/check?phone=${encodeURIComponent(phone)}&purpose=phone-calls&use=call`);
    for (let i = 0; i < 2; i += 1) {
      const answer = await call();
      expect(await answer.json()).toMatchObject({ allowed: true });
    }
    // A plain check records nothing.
    await admin(`/v1/consents/check?phone=${encodeURIComponent(phone)}&purpose=phone-calls`);
    await runCron(new Date());
    const { records } = (await (await admin('/v1/records')).json()) as { records: SignedRecord[] };
    const subject = await subjectIdOf(email);
    const used = records.filter(
      (signed) => signed.record.subject === subject && signed.record.event === 'used',
    );
    expect(used).toHaveLength(2);
    expect(used[0]?.record).toMatchObject({
      purpose: 'phone-calls',
      source: { form: 'check:use=call' },
    });
  });

  it('P4: use=call on a purpose that is not a phone purpose is refused', async () => {
    const email = 'not-a-call@example.org';
    await postJson('/v1/consent-requests', await validRequestBody(email));
    await pressConfirm((await devMailboxLink(email)) ?? '');
    const answer = await admin(`/v1/consents/check?email=${email}&purpose=newsletter&use=call`);
    expect(answer.status).toBe(422);
    expect(await answer.json()).toMatchObject({ error: { field: 'use' } });
  });
});

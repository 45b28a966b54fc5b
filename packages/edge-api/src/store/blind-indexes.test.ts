import type { SignedRecord } from '@signet/sdk';
import { describe, expect, it } from 'vitest';
import {
  admin,
  indexOf,
  postJson,
  sql,
  subjectIdOf,
  subscribed,
  validRequestBody,
} from '../../test/worker.js';

const allowed = async (email: string) =>
  (
    (await (
      await admin(`/v1/consents/check?email=${encodeURIComponent(email)}&purpose=newsletter`)
    ).json()) as { allowed: boolean }
  ).allowed;

const stored = (table: 'subjects' | 'suppressions', index: string) =>
  sql<{ kind: string; bytes: number }>(
    `SELECT typeof(email_index) AS kind, length(email_index) AS bytes FROM ${table}
      WHERE site_id = 'demo' AND email_index = unhex(?)`,
    index,
  );

describe("an address's blind index kept as bytes (issue 23, migration 0038)", () => {
  it("C5/R5: a subject's and a suppression's address index is kept as its 32 bytes, and the check, a second request, the records' contact hash and the erasure's suppression find it as the same hex", async () => {
    const email = 'index-as-bytes@example.org';
    const index = await indexOf(email);
    await subscribed(email);
    expect(await stored('subjects', index)).toEqual([{ kind: 'blob', bytes: 32 }]);
    expect(await allowed(email)).toBe(true);

    // A second request finds the same subject by its index instead of making another.
    const subject = await subjectIdOf(email);
    expect((await postJson('/v1/consent-requests', await validRequestBody(email))).status).toBe(
      202,
    );
    expect(await subjectIdOf(email)).toBe(subject);
    expect(await stored('subjects', index)).toHaveLength(1);

    const { records } = (await (await admin('/v1/records')).json()) as {
      records: SignedRecord[];
    };
    const mine = records.filter((signed) => signed.record.subject === subject);
    expect(mine.length).toBeGreaterThan(0);
    for (const signed of mine) expect(signed.record.contact.email).toBe(index);

    expect((await admin('/v1/admin/subjects/erasure', 'POST', { email })).status).toBe(200);
    expect(await stored('suppressions', index)).toEqual([{ kind: 'blob', bytes: 32 }]);
    expect(await allowed(email)).toBe(false);
  });
});

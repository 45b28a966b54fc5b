import type { TestMailbox } from '@signet/sdk';
import { deletePersonRows } from '../store/person-rows.js';
import { deleteTestRecordsBefore } from '../store/records.js';
import { listTestSubjectsBefore } from '../store/subjects.js';
import { deleteTestMailboxBefore, listTestMailbox } from '../store/test-mailbox.js';

/** How long a test key's people, consents, records and messages are kept (decision 0011). */
export const testDataDays = 7;
const perBatch = 50;
const maxRounds = 20;

/**
 * The cron's purge of test data: every test person made more than 7 days ago, with every row that
 * names them (their records too: none was ever in the log), and test messages and records left
 * behind by a person who went earlier. No shred log, no suppression, no erasure record: a test
 * person is no person the site holds data of.
 */
export async function purgeTestData(db: D1Database, now: Date) {
  const before = new Date(now.getTime() - testDataDays * 86_400_000).toISOString();
  let purged = 0;
  for (let round = 0; round < maxRounds; round += 1) {
    const subjects = await listTestSubjectsBefore(db, before, perBatch);
    if (subjects.length === 0) break;
    const nothingByValue = { rateBuckets: [], addresses: [] };
    await db.batch(subjects.flatMap((id) => deletePersonRows(db, id, nothingByValue)));
    purged += subjects.length;
    if (subjects.length < perBatch) break;
  }
  await db.batch([deleteTestMailboxBefore(db, before), deleteTestRecordsBefore(db, before)]);
  return purged;
}

export async function testMailboxOf(
  db: D1Database,
  siteId: string,
  to: string | null,
): Promise<TestMailbox> {
  return { messages: await listTestMailbox(db, siteId, { to, limit: 50 }) };
}

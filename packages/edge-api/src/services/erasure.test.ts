import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { sql } from '../../test/worker.js';
import { writeShredEntry } from '../store/shred-log.js';
import { reapplyShredLog } from './erasure.js';

/**
 * The shred log as one Worker invocation sees it: every operation counted, and refused past
 * `limit` (Workers allow 1,000 KV operations per invocation; here a smaller number).
 */
function kvOfOneInvocation(limit: number) {
  const calls: string[] = [];
  const kv = env.SHRED_LOG as KVNamespace;
  const count = (name: string) => {
    calls.push(name);
    if (calls.length > limit) throw new Error('Too many API requests by single worker invocation');
  };
  // Each KV method, counted before it runs.
  const counted = new Proxy(kv, {
    get(target, property) {
      const value = Reflect.get(target, property);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        count(String(property));
        return value.apply(target, args);
      };
    },
  });
  return { kv: counted, calls };
}

/** The database, with the queries that look subjects up by a list of ids counted. */
function countingDb() {
  const lookups: string[] = [];
  const db = new Proxy(env.DB, {
    get(target, property) {
      if (property === 'prepare') {
        return (query: string) => {
          if (/FROM subjects WHERE id IN/.test(query)) lookups.push(query);
          return target.prepare(query);
        };
      }
      const value = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { db, lookups };
}

async function restoredSubject(id: string) {
  await sql(
    `INSERT INTO subjects (id, site_id, email_index, email, created_at)
     VALUES (?, 'demo', ?, '', '2026-01-01T00:00:00Z')`,
    id,
    `index-${id}`,
  );
}

describe('R4: the shred log', () => {
  it('R4: a pass reads the log a page at a time within a budget of KV operations, reads no entry by itself, and over a few passes erases everyone a restore brought back', async () => {
    const at = '2026-02-01T00:00:00.000Z';
    const subjects = Array.from({ length: 11 }, (_, i) => `shred-${String(i).padStart(2, '0')}`);
    for (const subject of subjects.slice(0, 9)) {
      await writeShredEntry(env.SHRED_LOG as KVNamespace, { site: 'demo', subject, at });
    }
    // Two entries as written before the time went into the key's metadata.
    for (const subject of subjects.slice(9)) {
      await env.SHRED_LOG?.put(
        `shred:demo:${subject}`,
        JSON.stringify({ site: 'demo', subject, at }),
      );
    }
    // The restore brought back every other one of them, both old entries among them.
    const restored = subjects.filter((_, i) => i % 2 === 0 || i >= 9);
    for (const subject of restored) await restoredSubject(subject);

    const limits = { pageSize: 3, kvOperations: 5 };
    let passes = 0;
    let left = restored.length;
    while (left > 0 && passes < 10) {
      const { kv, calls } = kvOfOneInvocation(limits.kvOperations);
      const { db, lookups } = countingDb();
      await reapplyShredLog({ ...env, DB: db, SHRED_LOG: kv }, limits);
      passes += 1;
      // One listing and one D1 lookup per page; reads only for the cursor and old entries.
      expect(calls.length).toBeLessThanOrEqual(limits.kvOperations);
      expect(lookups).toHaveLength(calls.filter((call) => call === 'list').length);
      expect(calls.filter((call) => call === 'get').length).toBeLessThanOrEqual(1 + 2);
      const [row] = await sql<{ n: number }>(
        'SELECT COUNT(*) AS n FROM subjects WHERE id IN (SELECT value FROM json_each(?))',
        JSON.stringify(restored),
      );
      left = row?.n ?? 0;
    }
    expect(left).toBe(0);
    // Eleven entries in pages of three: more than one pass, and every restored one suppressed.
    expect(passes).toBeGreaterThan(1);
    const [suppressed] = await sql<{ n: number }>(
      "SELECT COUNT(*) AS n FROM suppressions WHERE email_index LIKE 'index-shred-%' AND created_at = ?",
      at,
    );
    expect(suppressed?.n).toBe(restored.length);
  });
});

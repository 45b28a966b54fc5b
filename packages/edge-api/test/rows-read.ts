import { env } from 'cloudflare:workers';
import { expect } from 'vitest';
import { countingD1 } from './counting-d1.js';
import { adminHeaders, call } from './worker.js';

/** D1's rows read by everything `work` asks of the database, before its answer and after. */
export async function rowsRead(work: (db: D1Database) => Promise<unknown>) {
  const db = countingD1(env.DB);
  await work(db);
  return db.roundTrips.reduce((total, trip) => total + trip.rowsRead, 0);
}

/** An owner's POST through `db`, which must answer 200. */
export const asOwner = (db: D1Database, path: string, body: unknown) =>
  call(
    path,
    { method: 'POST', headers: adminHeaders(), body: JSON.stringify(body) },
    { DB: db },
  ).then(async (response) => {
    expect(response.status, await response.clone().text()).toBe(200);
  });

export const erase = (email: string) =>
  call('/v1/admin/subjects/erasure', {
    method: 'POST',
    headers: adminHeaders(),
    body: JSON.stringify({ email }),
  });

let people = 0;

/** The person an operation is for, the operation, and what follows it. */
export type Steps = [
  person: (email: string) => Promise<unknown>,
  operation: (db: D1Database, email: string) => Promise<unknown>,
  done?: (email: string) => Promise<unknown>,
];

/**
 * How many more rows one person's operation reads once `growOthers` has added other people's
 * rows: each run for a new person (`<prefix>-<n>@example.org`), made just before it (an
 * operation may delete its person, so the other tables hold about as many rows each time; the
 * log grows by the person's records, and what is still to seal depends on the background work
 * before it: a CI run measured 5 rows more for an erasure once). Read by a scan, each added
 * row costs a row read: the tests allow a tenth of the rows added.
 */
export async function rowsReadGrowth(
  prefix: string,
  growOthers: () => Promise<unknown>,
  ...[person, operation, done]: Steps
) {
  const figures: number[] = [];
  for (const round of [0, 1]) {
    if (round === 1) await growOthers();
    people += 1;
    const email = `${prefix}-${people}@example.org`;
    await person(email);
    figures.push(await rowsRead((db) => operation(db, email)));
    await done?.(email);
  }
  const [before = 0, after = 0] = figures;
  return after - before;
}

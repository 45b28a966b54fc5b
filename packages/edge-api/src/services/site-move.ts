import type { Env } from '../env.js';
import { askedMoves, flipSite, settleMove, shardOfSite } from '../store/directory.js';
import { shardDatabases } from '../store/shards.js';
import {
  allSigningKeys,
  countSiteRows,
  deleteSiteRows,
  insertRows,
  siteRowsPage,
  siteTables,
} from '../store/site-rows.js';

export type MoveOutcome =
  | { moved: true; from: number; to: number; rows: Record<string, number> }
  | { moved: false; reason: string };

async function copyTable(from: D1Database, to: D1Database, table: string, siteId: string) {
  let copied = 0;
  for (let after = 0; ; ) {
    const rows = await siteRowsPage(from, table, siteId, after);
    if (rows.length === 0) return copied;
    await insertRows(to, table, rows);
    copied += rows.length;
    after = rows.at(-1)?._rowid ?? after;
  }
}

/**
 * Moves a site and every row of it to another shard (decision 0009): whatever an earlier,
 * unfinished move left in the target is cleared, every row is copied as it is (its log, hashes,
 * signatures and checkpoints unchanged, so the log verifies as before), the counts are compared,
 * the directory flips, and only then are the rows deleted from the old shard. A run that stops
 * before the flip changed nothing anyone reads; run it again.
 *
 * Not for a busy site: a write that reaches the old shard during the copy makes the counts differ
 * and the move stops before the flip. Links, sessions and keys handed out before name the old
 * shard: the flip writes down that the site left it, and the routing finds them in the new one.
 */
export async function moveSite(env: Env, siteId: string, target: number): Promise<MoveOutcome> {
  if (!env.DIRECTORY) return { moved: false, reason: 'this deployment has no directory' };
  const shards = shardDatabases(env);
  const to = shards[target];
  if (!to) return { moved: false, reason: `there is no shard ${target}` };
  const source = await shardOfSite(env.DIRECTORY, siteId);
  const from = shards[source] as D1Database;
  if (source === target) return { moved: false, reason: `the site is in shard ${target} already` };
  const tables = await siteTables(from);
  if ((await countSiteRows(from, 'sites', siteId)) !== 1) {
    return { moved: false, reason: `shard ${source} holds no site ${siteId}` };
  }
  await deleteSiteRows(to, tables, siteId);
  await insertRows(to, 'signing_keys', await allSigningKeys(from), true);
  const rows: Record<string, number> = {};
  for (const table of tables) rows[table] = await copyTable(from, to, table, siteId);
  for (const table of tables) {
    if ((await countSiteRows(from, table, siteId)) !== rows[table]) {
      await deleteSiteRows(to, tables, siteId);
      return { moved: false, reason: `the site's ${table} changed during the move; run it again` };
    }
  }
  await flipSite(env.DIRECTORY, { siteId, from: source, to: target }, new Date());
  await deleteSiteRows(from, tables, siteId);
  return { moved: true, from: source, to: target, rows };
}

/**
 * The cron's step: the moves an operator asked for in the directory's `site_moves`, each on its
 * own (one that fails is written down as failed and the next still runs).
 */
export async function runAskedMoves(env: Env, now: Date) {
  if (!env.DIRECTORY) return [];
  const done = [];
  for (const asked of await askedMoves(env.DIRECTORY)) {
    let outcome: string;
    try {
      const moved = await moveSite(env, asked.siteId, asked.to);
      outcome = moved.moved ? 'moved' : moved.reason;
    } catch (error) {
      outcome = `failed: ${error instanceof Error ? error.name : 'unknown'}`;
    }
    await settleMove(env.DIRECTORY, asked.siteId, outcome, now);
    done.push({ siteId: asked.siteId, outcome });
  }
  return done;
}

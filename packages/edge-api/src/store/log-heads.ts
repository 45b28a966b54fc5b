import { genesisHash } from '@signet/sdk';
import { always, type Guard } from './guard.js';

export interface LogHead {
  seq: number;
  hash: string;
}

export async function findLogHead(db: D1Database, siteId: string): Promise<LogHead> {
  const row = await db
    .prepare('SELECT seq, hash FROM log_heads WHERE site_id = ?')
    .bind(siteId)
    .first<LogHead>();
  return row ?? { seq: 0, hash: genesisHash };
}

/**
 * Moves the head from `from` to `to`; does nothing if another sequencer moved it first, or if
 * any of the rows this pass numbered is not there waiting for its place: sealed meanwhile, erased,
 * a test record, or not written at all (a seal in the batch that writes the rows, whose guard
 * refused them). A head never moves past a record the log does not hold.
 */
export function advanceLogHead(
  db: D1Database,
  siteId: string,
  from: LogHead,
  to: LogHead,
  recordIds: string[],
  also: Guard = always,
) {
  // Found by id: the unary plus keeps a planner from walking the site's unsealed rows instead
  // (node:sqlite's EXPLAIN QUERY PLAN does), thousands while an import's records wait.
  const unsealed = `(SELECT COUNT(*) FROM records WHERE id IN (SELECT value FROM json_each(?6))
       AND +site_id = ?1 AND +seq IS NULL AND test = 0) = json_array_length(?6)`;
  return db
    .prepare(
      // With nothing selected there is nothing to insert or update: the conditions of the
      // SELECT hold for both paths (`also`'s plain parameters number on from ?7).
      `INSERT INTO log_heads (site_id, seq, hash) SELECT ?1, ?2, ?3 WHERE ${unsealed} AND (${also.sql})
       ON CONFLICT (site_id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash
        WHERE log_heads.seq = ?4 AND log_heads.hash = ?5`,
    )
    .bind(siteId, to.seq, to.hash, from.seq, from.hash, JSON.stringify(recordIds), ...also.binds);
}

export function headIs(siteId: string, head: LogHead): Guard {
  return {
    sql: 'EXISTS (SELECT 1 FROM log_heads WHERE site_id = ? AND seq = ? AND hash = ?)',
    binds: [siteId, head.seq, head.hash],
  };
}

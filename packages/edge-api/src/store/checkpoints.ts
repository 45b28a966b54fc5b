import type { SignedCheckpoint } from '@signet/sdk';

export function insertCheckpoint(db: D1Database, signed: SignedCheckpoint) {
  const { checkpoint } = signed;
  return db
    .prepare(
      `INSERT OR IGNORE INTO checkpoints (site_id, seq, head_hash, at, kid, sig) VALUES (?, ?, ?, ?, ?, ?)`,
    )
    .bind(checkpoint.site, checkpoint.seq, checkpoint.head, checkpoint.at, signed.kid, signed.sig);
}

export async function findLatestCheckpointSeq(db: D1Database, siteId: string) {
  const row = await db
    .prepare('SELECT MAX(seq) AS seq FROM checkpoints WHERE site_id = ?')
    .bind(siteId)
    .first<{ seq: number | null }>();
  return row?.seq ?? null;
}

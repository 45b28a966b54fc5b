/**
 * The directory (`DIRECTORY`, its own D1 database with migrations-directory/): which shard holds
 * each site. Read once per site and isolate for a minute, so a route that starts from a site
 * costs no round trip of its own most of the time; a site's move is seen everywhere within that
 * minute (services/site-move.ts).
 */
const cacheMs = 60_000;
/** Site ids come from requests: a flood of made-up ones must not grow the isolate's memory. */
const cacheLimit = 10_000;
const cached = new Map<string, { shard: number; until: number }>();

function remember(siteId: string, shard: number, now: number) {
  if (cached.size >= cacheLimit) cached.clear();
  cached.set(siteId, { shard, until: now + cacheMs });
}

/** The shard of a site: 0 without a directory or without a row for it (made before shards). */
export async function shardOfSite(directory: D1Database | undefined, siteId: string) {
  if (!directory) return 0;
  const now = Date.now();
  const hit = cached.get(siteId);
  if (hit && hit.until > now) return hit.shard;
  const row = await directory
    .prepare('SELECT shard FROM site_shards WHERE site_id = ?')
    .bind(siteId)
    .first<{ shard: number }>();
  const shard = row?.shard ?? 0;
  remember(siteId, shard, now);
  return shard;
}

/** Puts a site in a shard (a new site, or the flip of a move); this isolate sees it at once. */
export async function placeSite(directory: D1Database, siteId: string, shard: number, at: Date) {
  await directory
    .prepare(
      `INSERT INTO site_shards (site_id, shard, placed_at) VALUES (?1, ?2, ?3)
       ON CONFLICT (site_id) DO UPDATE SET shard = excluded.shard, placed_at = excluded.placed_at`,
    )
    .bind(siteId, shard, at.toISOString())
    .run();
  remember(siteId, shard, Date.now());
}

/** How many sites the directory places in each shard (those without a row are in shard 0). */
export async function sitesPerShard(directory: D1Database) {
  const { results } = await directory
    .prepare('SELECT shard, COUNT(*) AS sites FROM site_shards GROUP BY shard ORDER BY shard')
    .all<{ shard: number; sites: number }>();
  return results;
}

/** The moves an operator asked for that no cron pass has done yet, oldest first. */
export async function askedMoves(directory: D1Database) {
  const { results } = await directory
    .prepare(
      'SELECT site_id, to_shard FROM site_moves WHERE done_at IS NULL ORDER BY asked_at LIMIT 5',
    )
    .all<{ site_id: string; to_shard: number }>();
  return results.map((row) => ({ siteId: row.site_id, to: row.to_shard }));
}

/** What became of an asked move: `moved`, or why not. */
export async function settleMove(directory: D1Database, siteId: string, outcome: string, at: Date) {
  await directory
    .prepare('UPDATE site_moves SET done_at = ?, outcome = ? WHERE site_id = ?')
    .bind(at.toISOString(), outcome, siteId)
    .run();
}

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

/**
 * A move's flip (services/site-move.ts): the site is in its new shard, and the shard it left is
 * written down so that what was handed out there before still finds it (`shardsAfterMiss`).
 */
export async function flipSite(
  directory: D1Database,
  move: { siteId: string; from: number; to: number },
  at: Date,
) {
  await directory.batch([
    directory
      .prepare(
        `INSERT INTO site_shards (site_id, shard, placed_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (site_id) DO UPDATE SET shard = excluded.shard, placed_at = excluded.placed_at`,
      )
      .bind(move.siteId, move.to, at.toISOString()),
    directory
      .prepare(
        `INSERT INTO site_departures (from_shard, site_id, moved_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (from_shard, site_id) DO UPDATE SET moved_at = excluded.moved_at`,
      )
      .bind(move.from, move.siteId, at.toISOString()),
  ]);
  remember(move.siteId, move.to, Date.now());
  departures.clear();
}

/** Per shard, where the sites that left it live now; kept in the isolate for a minute. */
const departures = new Map<number, { shards: number[]; until: number }>();

/**
 * The shards to try for a link, session or key of `shard` that opened nothing there: those
 * holding a site that once left `shard`, most recent move first; none when no site ever left it
 * (decision 0009). Asked only after such a miss.
 */
export async function shardsAfterMiss(directory: D1Database | undefined, shard: number) {
  if (!directory) return [];
  const now = Date.now();
  const hit = departures.get(shard);
  if (hit && hit.until > now) return hit.shards;
  const { results } = await directory
    .prepare(
      `SELECT s.shard FROM site_departures d JOIN site_shards s ON s.site_id = d.site_id
        WHERE d.from_shard = ?1 AND s.shard != ?1 GROUP BY s.shard ORDER BY MAX(d.moved_at) DESC`,
    )
    .bind(shard)
    .all<{ shard: number }>();
  const shards = results.map((row) => row.shard);
  if (departures.size >= cacheLimit) departures.clear();
  departures.set(shard, { shards, until: now + cacheMs });
  return shards;
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

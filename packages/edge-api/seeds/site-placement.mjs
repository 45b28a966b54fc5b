// Where a new site goes (decision 0009): the shard with the fewest sites, chosen and written in
// the directory by one statement, so two sites made at once are counted one after the other
// (D1 runs one statement at a time). Plain JavaScript: `npm start` and `npm run deploy` send it
// with `wrangler d1 execute`, and the API tests run the same text on the test directory.
//
// The directory counts the sites it places. Sites made before shards live in shard 0 without a
// row, so shard 0 counts as many sites as its own `sites` table holds (`shardZeroSites`, read
// by the caller from shard 0): one query there and one in the directory, whatever the number
// of shards. A site that has a row keeps its shard (made again, it goes where it was).

const sql = (value) =>
  typeof value === 'number' ? String(value) : `'${String(value).replaceAll("'", "''")}'`;

/** Puts `siteId` in the emptiest of `shards` shards, unless the directory has it already. */
export function placeNewSiteStatement(siteId, { shards, shardZeroSites, at = new Date() }) {
  if (!Number.isInteger(shards) || shards < 1) throw new Error('shards: a whole number from 1');
  const zero = Math.max(0, Math.trunc(Number(shardZeroSites) || 0));
  // `WHERE true`: SQLite's upsert after a SELECT with a join needs a WHERE to parse.
  return `WITH RECURSIVE candidate (n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM candidate WHERE n + 1 < ${shards}), placed (n, sites) AS (SELECT shard, COUNT(*) FROM site_shards GROUP BY shard) INSERT INTO site_shards (site_id, shard, placed_at) SELECT ${sql(siteId)}, candidate.n, ${sql(at.toISOString())} FROM candidate LEFT JOIN placed ON placed.n = candidate.n WHERE true ORDER BY CASE WHEN candidate.n = 0 THEN max(${zero}, coalesce(placed.sites, 0)) ELSE coalesce(placed.sites, 0) END, candidate.n LIMIT 1 ON CONFLICT (site_id) DO NOTHING`;
}

/** The shard the directory has for `siteId` (after the statement above: the chosen one). */
export function shardOfSiteStatement(siteId) {
  return `SELECT shard FROM site_shards WHERE site_id = ${sql(siteId)}`;
}

/** The sites of shard 0, for `shardZeroSites` (sent to shard 0, `DB`). */
export const shardZeroSitesStatement = 'SELECT COUNT(*) AS sites FROM sites';

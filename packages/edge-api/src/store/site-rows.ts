/**
 * Every row of one site, table by table, for moving a site between shards (services/
 * site-move.ts). A table holds a site's rows when it has a `site_id` column (`sites` itself by
 * `id`): tables added later move with the site without a change here. Tables without one
 * (`rate_events`, `dev_mailbox`) stay behind; `signing_keys` is the deployment's and is copied
 * whole.
 */
export type Row = Record<string, unknown>;

const pageRows = 500;
const rowsPerBatch = 50;

/** A table name as SQL (only names read from sqlite_master reach here). */
const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;
const siteColumn = (table: string) => (table === 'sites' ? 'id' : 'site_id');

/**
 * The tables of a site's rows, parents before the tables whose foreign keys point at them, and
 * `records` first: its insert trigger queues webhook deliveries for the site's endpoints, which
 * must not exist yet when the site's log is copied (the deliveries are copied as they were).
 */
export async function siteTables(db: D1Database): Promise<string[]> {
  const { results } = await db
    .prepare(
      `SELECT m.name AS name,
         (SELECT group_concat(f."table") FROM pragma_foreign_key_list(m.name) f) AS parents
       FROM sqlite_master m
       WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '_cf_%'
         AND (m.name = 'sites' OR EXISTS (SELECT 1 FROM pragma_table_info(m.name) WHERE name = 'site_id'))
       ORDER BY m.name = 'records' DESC, m.name`,
    )
    .all<{ name: string; parents: string | null }>();
  const parents = new Map(results.map((row) => [row.name, (row.parents ?? '').split(',')]));
  const ordered: string[] = [];
  const visit = (table: string) => {
    if (ordered.includes(table) || !parents.has(table)) return;
    for (const parent of parents.get(table) ?? []) if (parent !== table) visit(parent);
    ordered.push(table);
  };
  for (const table of parents.keys()) visit(table);
  return ordered;
}

/** One page of a site's rows of a table, in the order they were written. */
export async function siteRowsPage(db: D1Database, table: string, siteId: string, after: number) {
  const { results } = await db
    .prepare(
      `SELECT rowid AS _rowid, * FROM ${quoted(table)} WHERE ${siteColumn(table)} = ? AND rowid > ?
       ORDER BY rowid LIMIT ${pageRows}`,
    )
    .bind(siteId, after)
    .all<Row & { _rowid: number }>();
  return table === 'records' ? withSharedTexts(db, results) : results;
}

/** The columns whose values a record may keep once in `evidence_texts` (migration 0037). */
const sharedColumns = [
  ['page_url', 'page_id'],
  ['form', 'form_id'],
  ['evidence_user_agent', 'agent_id'],
  ['wording_version', 'wording_id'],
] as const;

/**
 * Records with their shared values back in their own columns: the numbers name rows of this
 * database's `evidence_texts`, which does not move; the insert's trigger in the other database
 * keeps them once there again.
 */
async function withSharedTexts<T extends Row>(db: D1Database, rows: T[]): Promise<T[]> {
  const ids = [
    ...new Set(
      rows.flatMap((row) => sharedColumns.map(([, id]) => row[id]).filter((id) => id != null)),
    ),
  ];
  if (ids.length === 0) return rows;
  const { results } = await db
    .prepare('SELECT id, text FROM evidence_texts WHERE id IN (SELECT value FROM json_each(?))')
    .bind(JSON.stringify(ids))
    .all<{ id: number; text: unknown }>();
  const texts = new Map(results.map((row) => [row.id, row.text]));
  return rows.map((row) => {
    const copy: Row = { ...row };
    for (const [column, id] of sharedColumns) {
      if (copy[id] == null) continue;
      copy[column] = texts.get(copy[id] as number) ?? null;
      copy[id] = null;
    }
    return copy as T;
  });
}

/** A value as read, to bind again: D1 reads a BLOB as an array of bytes and binds it as bytes. */
const cell = (value: unknown) => (Array.isArray(value) ? new Uint8Array(value) : (value ?? null));

/** Writes rows as they were read (without their rowid), a batch at a time. */
export async function insertRows(db: D1Database, table: string, rows: Row[], orIgnore = false) {
  for (let start = 0; start < rows.length; start += rowsPerBatch) {
    const statements = rows.slice(start, start + rowsPerBatch).map((row) => {
      const columns = Object.keys(row).filter((column) => column !== '_rowid');
      const verb = orIgnore ? 'INSERT OR IGNORE' : 'INSERT';
      return db
        .prepare(
          `${verb} INTO ${quoted(table)} (${columns.map(quoted).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
        )
        .bind(...columns.map((column) => cell(row[column])));
    });
    await db.batch(statements);
  }
}

/** How many rows of the site a table holds. */
export async function countSiteRows(db: D1Database, table: string, siteId: string) {
  const row = await db
    .prepare(`SELECT COUNT(*) AS n FROM ${quoted(table)} WHERE ${siteColumn(table)} = ?`)
    .bind(siteId)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

/** Deletes every row of the site, children before parents (`tables` in `siteTables` order). */
export async function deleteSiteRows(db: D1Database, tables: string[], siteId: string) {
  await db.batch(
    [...tables]
      .reverse()
      .map((table) =>
        db.prepare(`DELETE FROM ${quoted(table)} WHERE ${siteColumn(table)} = ?`).bind(siteId),
      ),
  );
}

/** The deployment's public signing keys: the same in every shard that signs. */
export async function allSigningKeys(db: D1Database) {
  const { results } = await db.prepare('SELECT * FROM signing_keys').all<Row>();
  return results;
}

/**
 * Whether a shard holds nothing the cron looks after: no site (so no row of one) and no rate
 * events (written by requests routed to it, kept until the cron forgets them).
 */
export async function isIdleShard(db: D1Database) {
  const row = await db
    .prepare('SELECT EXISTS (SELECT 1 FROM sites) OR EXISTS (SELECT 1 FROM rate_events) AS busy')
    .first<{ busy: number }>();
  return row?.busy === 0;
}

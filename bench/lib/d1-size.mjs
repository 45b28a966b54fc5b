// The size of a local D1 database (the SQLite file `wrangler dev --persist-to` keeps), read with
// node:sqlite from a copy once the worker is stopped: pages in use and free, and bytes per table
// with its indexes (the dbstat table).
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

/** The one D1 database file under a `--persist-to` folder. */
export function d1File(persistTo) {
  const folder = join(persistTo, 'v3/d1/miniflare-D1DatabaseObject');
  const files = readdirSync(folder).filter(
    (name) => name.endsWith('.sqlite') && name !== 'metadata.sqlite',
  );
  if (files.length !== 1) throw new Error(`expected one D1 file in ${folder}, found ${files}`);
  return join(folder, files[0]);
}

/** Runs `read(db)` on a copy of the file with its write-ahead log folded in. */
function onCopy(file, read) {
  const folder = mkdtempSync(join(tmpdir(), 'signet-d1-'));
  try {
    const copy = join(folder, 'd1.sqlite');
    copyFileSync(file, copy);
    for (const suffix of ['-wal', '-shm']) {
      if (existsSync(file + suffix)) copyFileSync(file + suffix, copy + suffix);
    }
    const db = new DatabaseSync(copy);
    try {
      db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
      return read(db);
    } finally {
      db.close();
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * `bytes`: page_count × page_size; `freeBytes`: of that, pages on the free list; `tables`:
 * bytes and rows per table, its indexes counted with it (SQLite's own tables left out).
 */
export function d1Size(persistTo) {
  return onCopy(d1File(persistTo), (db) => {
    const pragma = (name) => Object.values(db.prepare(`PRAGMA ${name}`).get())[0];
    const pageSize = pragma('page_size');
    const tables = {};
    const owners = db
      .prepare("SELECT name, tbl_name AS owner FROM sqlite_schema WHERE type IN ('table', 'index')")
      .all();
    const ownerOf = new Map(owners.map((row) => [row.name, row.owner]));
    for (const row of db
      .prepare('SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name')
      .all()) {
      const owner = ownerOf.get(row.name) ?? row.name;
      tables[owner] = { bytes: (tables[owner]?.bytes ?? 0) + row.bytes };
    }
    for (const name of Object.keys(tables)) {
      if (name.startsWith('sqlite_')) delete tables[name];
      else tables[name].rows = db.prepare(`SELECT COUNT(*) AS n FROM "${name}"`).get().n;
    }
    return {
      pageSize,
      bytes: pragma('page_count') * pageSize,
      freeBytes: pragma('freelist_count') * pageSize,
      tables,
    };
  });
}

/** Tables whose rows do not stay with a consent, and why. */
export const transientTables = {
  dev_mailbox: 'development only (production hands the message to a mail provider)',
  rate_events: 'deleted by the cron after 48 hours',
  idempotency_keys: 'deleted by the cron after 24 hours',
};

/**
 * Bytes per consent between two readings (`{ consents, bytes, tables }`): the growth over the
 * consents added in between, so the empty schema does not count. `keptBytes` leaves out the
 * transient tables.
 */
export function perConsent(before, after) {
  const added = after.consents - before.consents;
  const kept = (reading) =>
    Object.entries(reading.tables)
      .filter(([name]) => !(name in transientTables))
      .reduce((total, [, table]) => total + table.bytes, 0);
  const tables = {};
  for (const [name, table] of Object.entries(after.tables)) {
    const earlier = before.tables[name] ?? { bytes: 0, rows: 0 };
    if (table.bytes === earlier.bytes && table.rows === earlier.rows) continue;
    tables[name] = {
      bytesPerConsent: (table.bytes - earlier.bytes) / added,
      rowsPerConsent: (table.rows - earlier.rows) / added,
      transient: name in transientTables,
    };
  }
  const keptBytes = (kept(after) - kept(before)) / added;
  return {
    consentsAdded: added,
    fileBytesPerConsent: (after.bytes - before.bytes) / added,
    keptBytesPerConsent: keptBytes,
    keptGBPerMillion: (keptBytes * 1e6) / 1e9,
    /** D1's limit per database is 10 GB; a linear extrapolation. */
    consentsPer10GB: 10e9 / keptBytes,
    tables,
  };
}

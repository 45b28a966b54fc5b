// What the deploy needs from packages/edge-api/wrangler.jsonc, and writing back what it learns
// (the ids of the resources it created, the deployment's variables): the file's own comments ask
// for exactly these edits, so a deploy by hand and by script leave the same file.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { appendToArray, insertIntoObject, parseJsonc, replaceStringValue } from './jsonc.mjs';
import { DeployRefusal } from './refusal.mjs';

/** The repository's ids are zeros until a deploy writes the real ones. */
export const isPlaceholderId = (id) => !id || /^[0-]+$/.test(id);

export function readWranglerConfig(path) {
  const absolute = resolve(path);
  const text = readFileSync(absolute, 'utf8');
  const json = parseJsonc(text);
  const database = (json.d1_databases ?? []).find((entry) => entry.binding === 'DB');
  const shredLog = (json.kv_namespaces ?? []).find((entry) => entry.binding === 'SHRED_LOG');
  if (!database?.database_name) {
    throw new DeployRefusal(`${path} has no d1_databases entry with binding "DB" and a name`);
  }
  if (!shredLog) throw new DeployRefusal(`${path} has no kv_namespaces entry "SHRED_LOG"`);
  const idOf = (entry) => ({
    binding: entry.binding,
    name: entry.database_name,
    id: entry.database_id ?? '',
  });
  const directory = (json.d1_databases ?? []).find((entry) => entry.binding === 'DIRECTORY');
  return {
    path: absolute,
    dir: dirname(absolute),
    file: basename(absolute),
    text,
    workerName: json.name,
    database: {
      name: database.database_name,
      id: database.database_id ?? '',
      migrationsDir: database.migrations_dir ?? 'migrations',
    },
    // Shards after the first (`DB_1`, …) and the directory, when the deployment has them.
    shards: (json.d1_databases ?? [])
      .filter((entry) => /^DB_[1-9]\d*$/.test(entry.binding))
      .map(idOf),
    directory: directory ? idOf(directory) : null,
    shredLog: { id: shredLog.id ?? '' },
    vars: json.vars ?? {},
    sendEmailBindings: (json.send_email ?? []).map((entry) => entry.name),
  };
}

/** The changes `edits` would make, as lines for a person: empty when the file is up to date. */
export function describeEdits(config, edits) {
  const lines = [];
  if (edits.databaseId && edits.databaseId !== config.database.id) {
    lines.push(`d1_databases DB database_id = ${edits.databaseId}`);
  }
  if (edits.shredLogId && edits.shredLogId !== config.shredLog.id) {
    lines.push(`kv_namespaces SHRED_LOG id = ${edits.shredLogId}`);
  }
  for (const [name, value] of Object.entries(edits.vars ?? {})) {
    if (config.vars[name] !== value) lines.push(`vars ${name} = ${value}`);
  }
  return lines;
}

function edited(change, what) {
  if (change === null) {
    throw new DeployRefusal(`could not update ${what} in wrangler.jsonc safely: set it by hand`);
  }
  return change;
}

/** The file's text with `edits` applied, checked by reading it back. */
export function applyEdits(config, edits) {
  let text = config.text;
  if (edits.databaseId && edits.databaseId !== config.database.id) {
    const next = replaceStringValue(text, 'database_id', config.database.id, edits.databaseId);
    text = edited(next, 'the database id');
  }
  if (edits.shredLogId && edits.shredLogId !== config.shredLog.id) {
    text = edited(
      replaceStringValue(text, 'id', config.shredLog.id, edits.shredLogId),
      'the SHRED_LOG id',
    );
  }
  const added = [];
  for (const [name, value] of Object.entries(edits.vars ?? {})) {
    if (config.vars[name] === value) continue;
    if (name in config.vars) {
      text = edited(replaceStringValue(text, name, config.vars[name], value), name);
    } else {
      added.push([name, value]);
    }
  }
  if (added.length > 0) text = edited(insertIntoObject(text, 'vars', added), 'vars');
  const check = parseJsonc(text);
  const database = check.d1_databases.find((entry) => entry.binding === 'DB');
  const shredLog = check.kv_namespaces.find((entry) => entry.binding === 'SHRED_LOG');
  const wanted = [
    [database?.database_id, edits.databaseId],
    [shredLog?.id, edits.shredLogId],
    ...Object.entries(edits.vars ?? {}).map(([name, value]) => [check.vars?.[name], value]),
  ];
  if (wanted.some(([actual, value]) => value && actual !== value)) {
    throw new DeployRefusal('editing wrangler.jsonc went wrong; it was left as it was');
  }
  return text;
}

export function writeEdits(config, edits) {
  writeFileSync(config.path, applyEdits(config, edits));
}

/** Adds d1_databases entries (new shards, the directory) to the file as it is now. */
export function addDatabaseBindings(config, entries) {
  const text = readFileSync(config.path, 'utf8');
  const next = edited(appendToArray(text, 'd1_databases', entries), 'd1_databases');
  const bindings = parseJsonc(next).d1_databases.map((entry) => entry.binding);
  if (!entries.every((entry) => bindings.includes(entry.binding))) {
    throw new DeployRefusal('editing wrangler.jsonc went wrong; it was left as it was');
  }
  writeFileSync(config.path, next);
}

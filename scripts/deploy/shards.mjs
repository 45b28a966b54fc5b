// `--shards N` (decision 0009): the D1 databases beyond `DB` (shard 0) and the directory that
// says which shard holds each site. Each is found by the id wrangler.jsonc gives it, else by its
// name, checked to be in the EU and created there when missing, then added to wrangler.jsonc and
// migrated like `DB`. Shards are only ever added: one that holds sites cannot be dropped here.
import { DeployRefusal } from './refusal.mjs';
import { createDatabase, createDatabaseArgs, requireEuDatabase } from './resources.mjs';

const newDatabase = '<id of the new database>';

/** The databases a deployment of `shards` shards needs beside `DB`, named after it. */
export function wantedShardDatabases(config, shards) {
  const configured = config.shards.length + 1;
  if (shards < configured) {
    throw new DeployRefusal(
      `wrangler.jsonc has ${configured} shards; --shards ${shards} would drop some, and a shard holds sites (move them first: docs/scaling.md)`,
    );
  }
  if (shards === 1) return [];
  const base = config.database.name;
  const wanted = Array.from({ length: shards - 1 }, (_, index) => ({
    binding: `DB_${index + 1}`,
    name: `${base}-shard-${index + 1}`,
    migrationsDir: config.database.migrationsDir,
  }));
  wanted.push({
    binding: 'DIRECTORY',
    name: `${base}-directory`,
    migrationsDir: 'migrations-directory',
  });
  return wanted.map((database) => {
    const inConfig = [...config.shards, config.directory].find(
      (entry) => entry?.binding === database.binding,
    );
    return { ...database, id: inConfig?.id ?? null, inConfig: Boolean(inConfig) };
  });
}

/** Each wanted database as the account has it (`uuid` null: to be created). */
export function surveyShardDatabases(wrangler, wanted) {
  if (wanted.length === 0) return [];
  const listed = wrangler.readJson(['d1', 'list', '--json']);
  return wanted.map((database) => {
    const found = listed.find((db) =>
      database.id ? db.uuid === database.id : db.name === database.name,
    );
    if (database.id && !found) {
      throw new DeployRefusal(
        `wrangler.jsonc names the D1 database ${database.id} for ${database.binding}, which this account does not have`,
      );
    }
    if (found) requireEuDatabase(wrangler, found);
    return { ...database, uuid: found?.uuid ?? null };
  });
}

/** The steps: create what is missing, add the bindings to wrangler.jsonc, migrate each. */
export function shardSteps({ wrangler, config, print }, databases, addBindings) {
  const steps = [];
  for (const database of databases.filter((db) => !db.uuid)) {
    steps.push({
      show: [wrangler.shown(createDatabaseArgs(database.name))],
      run: () => {
        database.uuid = createDatabase(wrangler, database.name);
      },
    });
  }
  const missing = databases.filter((db) => !db.inConfig);
  if (missing.length > 0) {
    const entries = (planning) =>
      missing.map((db) => ({
        binding: db.binding,
        database_name: db.name,
        database_id: db.uuid ?? (planning ? newDatabase : ''),
        migrations_dir: db.migrationsDir,
      }));
    steps.push({
      show: entries(true).map(
        (entry) =>
          `write ${config.file}: d1_databases ${entry.binding} database_id = ${entry.database_id}`,
      ),
      run: () => {
        print(`write ${config.file}: d1_databases ${missing.map((db) => db.binding).join(', ')}`);
        addBindings(entries(false));
      },
    });
  }
  for (const database of databases) {
    const migrations = ['d1', 'migrations', 'apply', database.binding, '--remote'];
    steps.push({ show: [wrangler.shown(migrations)], run: () => wrangler.change(migrations) });
  }
  return steps;
}

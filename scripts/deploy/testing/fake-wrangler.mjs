// A stand-in for wrangler in scripts/deploy.test.mjs: it keeps a Cloudflare account in a folder
// (FAKE_WRANGLER_DIR: state.json, one SQLite file per D1 database, calls.jsonl with every
// invocation's argv) and answers the commands the deploy uses as wrangler 4 does: the same JSON
// for list, info and execute, the same "not found" for the secrets of a worker that does not
// exist yet. Migrations and SQL run for real on node:sqlite, so the site's rows meet the schema.
import { randomBytes, randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { parseJsonc } from '../jsonc.mjs';

const dir = process.env.FAKE_WRANGLER_DIR;
const argv = process.argv.slice(2);
appendFileSync(join(dir, 'calls.jsonl'), `${JSON.stringify(argv)}\n`);

const statePath = join(dir, 'state.json');
const state = existsSync(statePath)
  ? JSON.parse(readFileSync(statePath, 'utf8'))
  : { databases: [], namespaces: [], secrets: {}, workerExists: false, deploys: [] };
const save = () => writeFileSync(statePath, JSON.stringify(state, null, 2));

const booleans = new Set(['--json', '--remote', '--yes']);
const positionals = [];
const flags = {};
for (let i = 0; i < argv.length; i += 1) {
  const arg = argv[i];
  if (!arg.startsWith('--')) positionals.push(arg);
  else if (booleans.has(arg)) flags[arg] = true;
  else flags[arg] = argv[++i];
}

const configPath = resolve(flags['--config'] ?? 'wrangler.jsonc');
const config = parseJsonc(readFileSync(configPath, 'utf8'));
const binding = config.d1_databases.find((db) => db.binding === 'DB');

function fail(message) {
  process.stderr.write(`✘ [ERROR] ${message}\n`);
  process.exit(1);
}

/** As wrangler resolves a database argument: the config's binding or name first, then the API. */
function databaseFor(nameOrId) {
  const entry = config.d1_databases.find(
    (db) => nameOrId === db.binding || nameOrId === db.database_name,
  );
  const id = entry ? entry.database_id : nameOrId;
  const db = state.databases.find((entry) => entry.uuid === id || entry.name === id);
  if (!db) fail(`Couldn't find DB with name or id '${id}' [code: 7404]`);
  return db;
}

const sqlite = (db) => new DatabaseSync(join(dir, `${db.uuid}.sqlite`));
const printJson = (value) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);

function applyMigrations(db, bindingName) {
  const entry = config.d1_databases.find((d) => d.binding === bindingName) ?? binding;
  const database = sqlite(db);
  database.exec(
    'CREATE TABLE IF NOT EXISTS d1_migrations (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE, applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL)',
  );
  const applied = new Set(
    database
      .prepare('SELECT name FROM d1_migrations')
      .all()
      .map((r) => r.name),
  );
  const folder = resolve(configPath, '..', entry.migrations_dir);
  const pending = readdirSync(folder)
    .filter((f) => f.endsWith('.sql') && !applied.has(f))
    .sort();
  for (const file of pending) {
    database.exec(readFileSync(join(folder, file), 'utf8'));
    database.prepare('INSERT INTO d1_migrations (name) VALUES (?)').run(file);
  }
  process.stdout.write(
    pending.length ? `Applied ${pending.length} migrations\n` : '✅ No migrations to apply!\n',
  );
}

function execute(db, command) {
  const database = sqlite(db);
  try {
    let results = [];
    if (/^\s*SELECT/i.test(command)) results = database.prepare(command).all();
    else database.exec(command);
    printJson([{ results, success: true, meta: {} }]);
  } catch (error) {
    process.stderr.write(
      `${JSON.stringify({ error: { text: `${error.message}: SQLITE_ERROR` } })}\n`,
    );
    process.exit(1);
  }
}

const command = positionals.slice(0, positionals[0] === 'kv' ? 3 : 2).join(' ');
const subject = positionals[positionals[0] === 'kv' ? 3 : 2];
switch (command) {
  case 'd1 list':
    printJson(state.databases);
    break;
  case 'd1 create': {
    if (state.databases.some((db) => db.name === subject))
      fail('A database with that name already exists');
    const db = {
      uuid: randomUUID(),
      name: subject,
      created_at: new Date().toISOString(),
      version: 'production',
      jurisdiction: flags['--jurisdiction'] ?? null,
    };
    state.databases.push(db);
    process.stdout.write(`✅ Successfully created DB '${subject}'\n`);
    break;
  }
  case 'd1 info':
    printJson({ ...databaseFor(subject), num_tables: 0, database_size: 0 });
    break;
  case 'd1 migrations':
    if (positionals[2] !== 'apply' || !flags['--remote'])
      fail('fake: only `migrations apply --remote`');
    applyMigrations(databaseFor(positionals[3]), positionals[3]);
    break;
  case 'd1 execute':
    if (!flags['--remote'] || !flags['--command']) fail('fake: only --remote --command');
    execute(databaseFor(subject), flags['--command']);
    break;
  case 'kv namespace list':
    printJson(state.namespaces);
    break;
  case 'kv namespace create':
    state.namespaces.push({
      id: randomBytes(16).toString('hex'),
      title: subject,
      jurisdiction: flags['--jurisdiction'],
      supports_url_encoding: true,
    });
    process.stdout.write(`✨ Success! Created namespace "${subject}"\n`);
    break;
  case 'secret list':
    if (!state.workerExists) fail(`Worker "${config.name}" not found.`);
    printJson(Object.keys(state.secrets).map((name) => ({ name, type: 'secret_text' })));
    break;
  case 'secret put':
    state.secrets[subject] = readFileSync(0, 'utf8').trimEnd();
    state.workerExists = true;
    process.stdout.write(`✨ Success! Uploaded secret ${subject}\n`);
    break;
  default:
    if (positionals[0] !== 'deploy') fail(`fake: unknown command ${argv.join(' ')}`);
    state.workerExists = true;
    state.deploys.push({
      database_id: binding.database_id,
      d1: config.d1_databases.map((db) => ({ binding: db.binding, id: db.database_id })),
      vars: config.vars,
      kv: config.kv_namespaces,
    });
    process.stdout.write(`Deployed ${config.name}\n`);
}
save();

// S1: `npm run deploy` against a fake wrangler (scripts/deploy/testing/fake-wrangler.mjs) that
// keeps an account in a temporary folder and logs every invocation. Run by `npm run test:deploy`
// (Node 24: the fake runs SQL on node:sqlite).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));
const apiDir = join(repo, 'packages/edge-api');
let account;
let configPath;

beforeEach(() => {
  account = mkdtempSync(join(tmpdir(), 'signet-deploy-'));
  mkdirSync(join(account, 'edge-api'));
  configPath = join(account, 'edge-api/wrangler.jsonc');
  copyFileSync(join(apiDir, 'wrangler.jsonc'), configPath);
  symlinkSync(join(apiDir, 'migrations'), join(account, 'edge-api/migrations'));
  symlinkSync(join(apiDir, 'migrations-directory'), join(account, 'edge-api/migrations-directory'));
  const fake = join(repo, 'scripts/deploy/testing/fake-wrangler.mjs');
  writeFileSync(
    join(account, 'wrangler'),
    `#!/bin/sh\nexec "${process.execPath}" "${fake}" "$@"\n`,
  );
  chmodSync(join(account, 'wrangler'), 0o755);
});

afterEach(() => rmSync(account, { recursive: true, force: true }));

const fullInput = () => [
  '--config',
  configPath,
  '--public-url',
  'https://consent.example',
  '--mail-transport',
  'http',
  '--mail-from',
  'Example Shop <consent@shop.example>',
  '--site-id',
  'shop',
  '--site-name',
  'Example Shop',
  '--origin',
  'https://shop.example',
  '--owner-email',
  'Owner@Shop.example',
  '--privacy-url',
  'https://shop.example/privacy',
  '--keys-file',
  join(account, 'keys.json'),
];

function deploy(args, env = { SIGNET_MAIL_API_KEY: 'mail-provider-key-4f1c9a' }) {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('SIGNET_')),
  );
  const result = spawnSync(process.execPath, [join(repo, 'scripts/deploy.mjs'), ...args], {
    cwd: repo,
    encoding: 'utf8',
    input: '',
    env: {
      ...clean,
      ...env,
      SIGNET_WRANGLER: join(account, 'wrangler'),
      FAKE_WRANGLER_DIR: account,
    },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const calls = () =>
  existsSync(join(account, 'calls.jsonl'))
    ? readFileSync(join(account, 'calls.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line))
    : [];
const state = () => JSON.parse(readFileSync(join(account, 'state.json'), 'utf8'));
const setState = (value) =>
  writeFileSync(
    join(account, 'state.json'),
    JSON.stringify({ secrets: {}, workerExists: false, deploys: [], ...value }),
  );

const sqlOf = (argv) => argv[argv.indexOf('--command') + 1] ?? '';
const changes = (argv) => {
  const [group, verb, third] = argv;
  if (group === 'd1' && (verb === 'list' || verb === 'info')) return false;
  if (group === 'kv' && third === 'list') return false;
  if (group === 'secret' && verb === 'list') return false;
  if (group === 'd1' && verb === 'execute' && /^\s*SELECT/i.test(sqlOf(argv))) return false;
  return true;
};
/** The changing invocations, each as its first words (the SQL's first two). */
const changed = () =>
  calls()
    .filter(changes)
    .map((argv) =>
      argv[1] === 'execute'
        ? `d1 execute ${sqlOf(argv).split(' ').slice(0, 2).join(' ')}`
        : argv.filter((a) => !a.startsWith('/')).join(' '),
    );

describe('npm run deploy (S1)', () => {
  it('S1: on a fresh account creates the database in the EU, then migrations, secrets, the first site and the deploy, in that order, printing no secret', () => {
    const run = deploy(['--yes', ...fullInput()]);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(changed(), [
      'd1 create signet --jurisdiction eu',
      'kv namespace create signet-edge-api-shred-log --jurisdiction eu',
      'd1 migrations apply DB --remote',
      'secret put SIGNING_KEY',
      'secret put INDEX_KEY',
      'secret put MASTER_KEY',
      'secret put LINK_KEY',
      'secret put RECORD_KEY',
      'secret put MAIL_API_KEY',
      'd1 execute INSERT INTO',
      'deploy',
    ]);

    const cloud = state();
    const [database] = cloud.databases;
    assert.equal(database.jurisdiction, 'eu');
    assert.equal(cloud.namespaces[0].jurisdiction, 'eu');
    const config = readFileSync(configPath, 'utf8');
    assert.match(config, new RegExp(`"database_id": "${database.uuid}"`));
    assert.match(config, new RegExp(`"id": "${cloud.namespaces[0].id}"`));
    assert.match(config, /"PUBLIC_URL": "https:\/\/consent.example"/);
    assert.match(config, /"MAIL_TRANSPORT": "http"/);
    assert.match(config, /\/\/ The shred log \(R4\)/, 'the comments stay');
    assert.equal(cloud.deploys[0].database_id, database.uuid, 'deployed with the new id');

    const secrets = cloud.secrets;
    assert.match(secrets.MASTER_KEY, /^[A-Za-z0-9_-]{1,40}:[A-Za-z0-9_-]{43}$/);
    assert.match(secrets.INDEX_KEY, /^[A-Za-z0-9_-]{43}$/);
    assert.match(secrets.LINK_KEY, /^[A-Za-z0-9_-]{43}$/);
    assert.match(secrets.RECORD_KEY, /^[A-Za-z0-9_-]{43}$/);
    // The worker refuses a key secret equal to another one.
    const keyValues = [secrets.INDEX_KEY, secrets.LINK_KEY, secrets.RECORD_KEY];
    assert.equal(new Set(keyValues).size, 3);
    assert.deepEqual(Object.keys(JSON.parse(secrets.SIGNING_KEY)).sort(), [
      'crv',
      'd',
      'kid',
      'kty',
      'x',
    ]);
    assert.equal(secrets.MAIL_API_KEY, 'mail-provider-key-4f1c9a');
    const printed = run.stdout + run.stderr;
    for (const value of [...Object.values(secrets), JSON.parse(secrets.SIGNING_KEY).d]) {
      assert.ok(!printed.includes(value), 'a secret was printed');
    }
    for (const argv of calls()) {
      assert.ok(!Object.values(secrets).some((value) => argv.includes(value)), 'a secret in argv');
    }

    const keysFile = join(account, 'keys.json');
    assert.equal(statSync(keysFile).mode & 0o777, 0o600);
    const { MAIL_API_KEY: _provided, ...generated } = secrets;
    assert.deepEqual(JSON.parse(readFileSync(keysFile, 'utf8')), generated);

    const apiKey = /sk_live_[A-Za-z0-9_-]{43}/.exec(run.stdout)?.[0];
    assert.ok(apiKey, 'the API key is shown');
    const db = new DatabaseSync(join(account, `${database.uuid}.sqlite`));
    const site = db.prepare('SELECT * FROM sites').get();
    assert.equal(site.id, 'shop');
    assert.equal(site.allowed_origins, '["https://shop.example"]');
    assert.equal(site.owner_emails, '["owner@shop.example"]');
    assert.equal(site.controller_contact, 'Owner@Shop.example');
    assert.equal(site.unconfirmed_retention_days, 14);
    const key = db.prepare('SELECT key_hash FROM site_api_keys WHERE site_id = ?').get('shop');
    assert.equal(key.key_hash, createHash('sha256').update(apiKey).digest('hex'));
  });

  it('S1: a second run changes nothing that is done: no create, no secret put, no new site or key', () => {
    assert.equal(deploy(['--yes', ...fullInput()]).status, 0);
    const before = { config: readFileSync(configPath, 'utf8'), secrets: state().secrets };
    const callsBefore = calls().length;

    const again = deploy(['--yes', ...fullInput()]);
    assert.equal(again.status, 0, again.stderr);
    assert.deepEqual(
      calls()
        .slice(callsBefore)
        .filter(changes)
        .map((argv) => argv.join(' ')),
      ['d1 migrations apply DB --remote', 'deploy'],
    );
    assert.equal(readFileSync(configPath, 'utf8'), before.config);
    assert.deepEqual(state().secrets, before.secrets);
    assert.doesNotMatch(again.stdout, /sk_live_/);

    // The same without any input: everything comes from wrangler.jsonc and the account.
    const bare = deploy(['--yes', '--config', configPath], {});
    assert.equal(bare.status, 0, bare.stderr);
    assert.equal(readFileSync(configPath, 'utf8'), before.config);
  });

  it('S1: a database outside the EU jurisdiction is refused, and nothing after the check runs', () => {
    setState({
      databases: [
        { uuid: '7d2a3c1e-0000-4000-8000-000000000001', name: 'signet', jurisdiction: null },
      ],
      namespaces: [],
    });
    const config = readFileSync(configPath, 'utf8');
    const run = deploy(['--yes', ...fullInput()]);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /not in the EU jurisdiction/);
    assert.deepEqual(
      calls().map((argv) => argv.slice(0, 2).join(' ')),
      ['d1 list', 'd1 info'],
    );
    assert.equal(readFileSync(configPath, 'utf8'), config);
  });

  it('S1: a shred log namespace outside the EU jurisdiction is refused before any change', () => {
    setState({
      databases: [
        { uuid: '7d2a3c1e-0000-4000-8000-000000000002', name: 'signet', jurisdiction: 'eu' },
      ],
      namespaces: [{ id: 'a'.repeat(32), title: 'signet-edge-api-shred-log' }],
    });
    const run = deploy(['--yes', ...fullInput()]);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /KV namespace .* not in the EU jurisdiction/);
    assert.deepEqual(calls().filter(changes), []);
  });

  it('S1: --dry-run prints every command in order and runs none that changes anything', () => {
    const config = readFileSync(configPath, 'utf8');
    const run = deploy(['--dry-run', '--config', configPath], {});
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(calls().filter(changes), []);
    assert.equal(readFileSync(configPath, 'utf8'), config);
    assert.deepEqual(state().databases, []);
    const order = [
      'wrangler d1 create signet --jurisdiction eu',
      'wrangler kv namespace create signet-edge-api-shred-log --jurisdiction eu',
      'write wrangler.jsonc: d1_databases DB database_id',
      'wrangler d1 migrations apply DB --remote',
      'wrangler secret put SIGNING_KEY',
      'wrangler secret put MASTER_KEY',
      'INSERT INTO sites',
      'INSERT INTO site_api_keys',
      'wrangler deploy',
    ].map((text) => run.stdout.indexOf(text));
    assert.ok(!order.includes(-1), run.stdout);
    assert.deepEqual(
      order,
      [...order].sort((a, b) => a - b),
    );
    assert.match(run.stdout, /Still to give: --public-url/);
  });

  it('S1: --yes with inputs missing names them all and changes nothing', () => {
    const run = deploy(['--yes', '--config', configPath], {});
    assert.equal(run.status, 1);
    for (const flag of [
      '--public-url',
      '--mail-transport',
      '--mail-from',
      '--site-id',
      '--origin',
    ]) {
      assert.match(run.stderr, new RegExp(flag));
    }
    assert.deepEqual(calls().filter(changes), []);
  });

  it('S1: --shards 3 creates two more databases and the directory in the EU, binds and migrates each, and a second run adds nothing', () => {
    const run = deploy(['--yes', '--shards', '3', ...fullInput()]);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(changed(), [
      'd1 create signet --jurisdiction eu',
      'kv namespace create signet-edge-api-shred-log --jurisdiction eu',
      'd1 migrations apply DB --remote',
      'd1 create signet-shard-1 --jurisdiction eu',
      'd1 create signet-shard-2 --jurisdiction eu',
      'd1 create signet-directory --jurisdiction eu',
      'd1 migrations apply DB_1 --remote',
      'd1 migrations apply DB_2 --remote',
      'd1 migrations apply DIRECTORY --remote',
      'secret put SIGNING_KEY',
      'secret put INDEX_KEY',
      'secret put MASTER_KEY',
      'secret put LINK_KEY',
      'secret put RECORD_KEY',
      'secret put MAIL_API_KEY',
      'd1 execute WITH RECURSIVE',
      'd1 execute INSERT INTO',
      'deploy',
    ]);
    const cloud = state();
    assert.deepEqual(
      cloud.databases.map((db) => [db.name, db.jurisdiction]),
      [
        ['signet', 'eu'],
        ['signet-shard-1', 'eu'],
        ['signet-shard-2', 'eu'],
        ['signet-directory', 'eu'],
      ],
    );
    const uuidOf = (name) => cloud.databases.find((db) => db.name === name).uuid;
    assert.deepEqual(cloud.deploys[0].d1, [
      { binding: 'DB', id: uuidOf('signet') },
      { binding: 'DB_1', id: uuidOf('signet-shard-1') },
      { binding: 'DB_2', id: uuidOf('signet-shard-2') },
      { binding: 'DIRECTORY', id: uuidOf('signet-directory') },
    ]);
    const tables = (name) =>
      new DatabaseSync(join(account, `${uuidOf(name)}.sqlite`))
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .all()
        .map((row) => row.name);
    for (const shard of ['signet-shard-1', 'signet-shard-2']) {
      assert.deepEqual(tables(shard).sort(), tables('signet').sort(), `${shard} is migrated`);
    }
    assert.ok(tables('signet-directory').includes('site_shards'));
    assert.match(
      readFileSync(configPath, 'utf8'),
      /\/\/ The shred log \(R4\)/,
      'the comments stay',
    );

    const callsBefore = calls().length;
    const again = deploy(['--yes', ...fullInput()]);
    assert.equal(again.status, 0, again.stderr);
    assert.deepEqual(
      calls()
        .slice(callsBefore)
        .filter(changes)
        .map((argv) => argv.join(' ')),
      [
        'd1 migrations apply DB --remote',
        'd1 migrations apply DB_1 --remote',
        'd1 migrations apply DB_2 --remote',
        'd1 migrations apply DIRECTORY --remote',
        'deploy',
      ],
    );
  });

  it('S1: with --shards 3 each new site goes to the shard with the fewest sites, its rows there and its key naming it', () => {
    const made = [];
    for (const site of ['shop', 'bakery', 'florist']) {
      const input = fullInput();
      input[input.indexOf('--site-id') + 1] = site;
      const run = deploy(['--yes', '--shards', '3', ...input]);
      assert.equal(run.status, 0, run.stderr);
      made.push([site, /(?:\d+\.)?sk_live_[A-Za-z0-9_-]{43}/.exec(run.stdout)?.[0] ?? '']);
    }
    const cloud = state();
    const rowsOf = (name, query) => {
      const { uuid } = cloud.databases.find((db) => db.name === name);
      return new DatabaseSync(join(account, `${uuid}.sqlite`)).prepare(query).all();
    };
    const sitesIn = (name) => rowsOf(name, 'SELECT id FROM sites ORDER BY id').map((row) => row.id);
    assert.deepEqual(sitesIn('signet'), ['shop']);
    assert.deepEqual(sitesIn('signet-shard-1'), ['bakery']);
    assert.deepEqual(sitesIn('signet-shard-2'), ['florist']);
    assert.deepEqual(
      rowsOf('signet-directory', 'SELECT site_id, shard FROM site_shards ORDER BY shard').map(
        (row) => [row.site_id, row.shard],
      ),
      [
        ['shop', 0],
        ['bakery', 1],
        ['florist', 2],
      ],
    );
    // Each key is stored in its site's shard, by the hash of the key without its tag.
    const [, bakeryKey] = made[1];
    assert.match(made[0][1], /^sk_live_/);
    assert.match(bakeryKey, /^1\.sk_live_/);
    assert.match(made[2][1], /^2\.sk_live_/);
    const hash = createHash('sha256').update(bakeryKey.slice(2)).digest('hex');
    assert.deepEqual(
      rowsOf('signet-shard-1', 'SELECT site_id, key_hash FROM site_api_keys').map((row) => [
        row.site_id,
        row.key_hash,
      ]),
      [['bakery', hash]],
    );

    // Deployed again, a site in shard 1 is found there: no new site, key or placement.
    const callsBefore = calls().length;
    const input = fullInput();
    input[input.indexOf('--site-id') + 1] = 'bakery';
    const again = deploy(['--yes', ...input]);
    assert.equal(again.status, 0, again.stderr);
    const executed = calls()
      .slice(callsBefore)
      .filter((argv) => changes(argv) && argv[1] === 'execute');
    assert.deepEqual(executed, []);
  });

  it('S1: --shards below what wrangler.jsonc has is refused before any change', () => {
    assert.equal(deploy(['--yes', '--shards', '2', ...fullInput()]).status, 0);
    const callsBefore = calls().length;
    const run = deploy(['--yes', '--shards', '1', ...fullInput()]);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /has 2 shards; --shards 1 would drop some/);
    assert.deepEqual(calls().slice(callsBefore).filter(changes), []);
  });
});

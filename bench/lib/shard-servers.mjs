// Signet under `wrangler dev` with N shards for `bench:scale --shards` (decision 0009): the
// sharded config `npm start` uses (packages/edge-api/scripts/local-shards.mjs) written into the
// run's own state folder, every shard and the directory migrated, the demo site in shard 0, and
// the bench's sites placed one after another by the directory's own choice
// (seeds/site-placement.mjs), each site's rows written to the shard it chose.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { paths } from './paths.mjs';
import { signetVars, stop, waitFor, wranglerDev } from './servers.mjs';

const wrangler = join(
  dirname(createRequire(join(paths.repo, 'package.json')).resolve('wrangler/package.json')),
  'bin/wrangler.js',
);
const quietEnv = { ...process.env, CI: 'true', WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' };

function wranglerOnce(args, { logFile }) {
  const result = spawnSync(process.execPath, [wrangler, ...args], {
    cwd: paths.api,
    env: quietEnv,
    encoding: 'utf8',
  });
  writeFileSync(logFile, `${result.stdout ?? ''}${result.stderr ?? ''}`, { flag: 'a' });
  if (result.status !== 0) {
    throw new Error(`wrangler ${args.slice(0, 3).join(' ')} failed (see ${logFile})`);
  }
  return result.stdout;
}

const bindingOf = (shard) => (shard === 0 ? 'DB' : `DB_${shard}`);

/**
 * Writes the state of a fresh sharded deployment: `sites` ({ id, seed: statements }) placed by
 * the directory. Returns the config file and each site's shard.
 */
async function prepare({ shards, stateDir, widgetDir, port, sites, logFile }) {
  const { writeShardedConfig } = await import(join(paths.api, 'scripts/local-shards.mjs'));
  const { demoSeedStatements } = await import(join(paths.api, 'seeds/demo-seed.mjs'));
  const placement = await import(join(paths.api, 'seeds/site-placement.mjs'));
  const persistTo = join(stateDir, 'd1');
  const bundleDir = join(stateDir, 'bundle');
  const opts = { logFile };
  wranglerOnce(['deploy', '--dry-run', '--outdir', bundleDir, '--assets', widgetDir], opts);
  const { file, bindings } = writeShardedConfig(paths.api, shards, join(stateDir, 'wrangler.json'));
  const local = ['--local', '--persist-to', persistTo, '--config', file];
  for (const binding of bindings)
    wranglerOnce(['d1', 'migrations', 'apply', binding, ...local], opts);
  const origins = [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
  const execute = (binding, statements) => {
    const seedFile = join(stateDir, `seed-${binding}.sql`);
    writeFileSync(seedFile, `${statements.join(';\n')};\n`);
    wranglerOnce(['d1', 'execute', binding, ...local, '--file', seedFile], opts);
  };
  execute('DB', demoSeedStatements({ origins }));
  const home = new Map(sites.map((site) => [site.id, 0]));
  if (shards > 1) {
    // One after another, as sites are made: each statement counts the rows the ones before
    // wrote. The demo site's row first, so that shard 0's count holds it and the sites put there.
    const at = new Date();
    execute('DIRECTORY', [
      `INSERT INTO site_shards (site_id, shard, placed_at) VALUES ('demo', 0, '${at.toISOString()}')`,
      ...sites.map((site) =>
        placement.placeNewSiteStatement(site.id, { shards, shardZeroSites: 1, at }),
      ),
    ]);
    const out = wranglerOnce(
      [
        'd1',
        'execute',
        'DIRECTORY',
        ...local,
        '--json',
        '--command',
        'SELECT site_id, shard FROM site_shards',
      ],
      opts,
    );
    for (const row of JSON.parse(out).at(-1).results) home.set(row.site_id, row.shard);
  }
  for (let shard = 0; shard < shards; shard += 1) {
    const seed = sites.filter((site) => home.get(site.id) === shard).flatMap((site) => site.seed);
    if (seed.length > 0) execute(bindingOf(shard), seed);
  }
  return { file, bundleDir, persistTo, home };
}

/**
 * Starts (or, `fresh: false`, restarts on the same state) a sharded Signet. `keys.signingKey:
 * null` leaves records unsealed, as bench/lib/servers.mjs does.
 */
export async function startShardedSignet({
  shards,
  port,
  inspectorPort,
  widgetDir,
  stateDir,
  keys,
  sites = [],
  fresh = true,
  prepared = null,
}) {
  if (fresh) rmSync(stateDir, { recursive: true, force: true });
  mkdirSync(stateDir, { recursive: true });
  const logFile = join(stateDir, 'wrangler.log');
  const state = fresh
    ? await prepare({ shards, stateDir, widgetDir, port, sites, logFile })
    : prepared;
  const child = wranglerDev(
    [
      join(state.bundleDir, 'index.js'),
      '--no-bundle',
      '--config',
      state.file,
      '--port',
      String(port),
      '--inspector-port',
      String(inspectorPort),
      '--persist-to',
      state.persistTo,
      '--assets',
      widgetDir,
      ...signetVars(keys),
      '--show-interactive-dev-session=false',
    ],
    { cwd: paths.api, logFile },
  );
  await waitFor(`http://127.0.0.1:${port}/v1/health`, child).catch(async (error) => {
    await stop(child);
    throw error;
  });
  return { child, base: `http://localhost:${port}`, prepared: state };
}

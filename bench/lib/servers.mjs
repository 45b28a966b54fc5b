// The processes the bench starts: Signet's worker and the floor worker under `wrangler dev`
// (offline, local D1), each with its own state folder under bench/.wrangler/, and stopped by
// their own process ids at the end.
import { spawn, spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { paths } from './paths.mjs';

const wrangler = join(
  dirname(createRequire(join(paths.repo, 'package.json')).resolve('wrangler/package.json')),
  'bin/wrangler.js',
);
const quietEnv = { ...process.env, CI: 'true', WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' };

/** Runs a wrangler command to its end; its output goes to `logFile`. */
function wranglerOnce(args, { cwd, logFile }) {
  const result = spawnSync(process.execPath, [wrangler, ...args], {
    cwd,
    env: quietEnv,
    encoding: 'utf8',
  });
  writeFileSync(logFile, `${result.stdout ?? ''}${result.stderr ?? ''}`, { flag: 'a' });
  if (result.status !== 0) {
    throw new Error(`wrangler ${args.slice(0, 3).join(' ')} failed (see ${logFile})`);
  }
}

export async function waitFor(url, child, seconds = 120) {
  for (let i = 0; i < seconds * 4; i += 1) {
    if (child.exitCode !== null) throw new Error(`the server for ${url} exited early`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 250));
  }
  throw new Error(`${url} did not answer within ${seconds} s`);
}

/** Starts `wrangler dev` in its own process group, so that stopping it ends workerd too. */
export function wranglerDev(args, { cwd, logFile }) {
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(process.execPath, [wrangler, 'dev', ...args], {
    cwd,
    env: quietEnv,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  return child;
}

export async function stop(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    child.kill('SIGTERM');
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }, 10_000);
  await exited;
  clearTimeout(timer);
}

/** A fresh signing key (a private JWK with its kid) and master key, as the worker takes them. */
export function newKeys() {
  const { privateKey } = generateKeyPairSync('ed25519');
  return {
    signingKey: JSON.stringify({ ...privateKey.export({ format: 'jwk' }), kid: 'bench' }),
    masterKey: `dev-master:${randomBytes(32).toString('base64url')}`,
  };
}

/**
 * The `--var` arguments of a Signet under `wrangler dev`: development keys, the run's master key
 * and signing key (none: records wait unsealed), and `vars` (`NAME:value`) besides.
 */
export function signetVars(keys, vars = []) {
  return [
    'ENVIRONMENT:development',
    'INDEX_KEY:development-only-index-key',
    'RECORD_KEY:development-only-record-key',
    ...(keys.signingKey ? [`SIGNING_KEY:${keys.signingKey}`] : []),
    `MASTER_KEY:${keys.masterKey}`,
    ...vars,
  ].flatMap((entry) => ['--var', entry]);
}

/**
 * Signet's worker as `npm start` runs it (same migrations, demo seed, development variables),
 * but from a bundle made at the start of the run: `wrangler dev` would otherwise reload the
 * worker whenever someone edits packages/edge-api/src during the measurement. Its own state,
 * seed file and assets folder keep it apart from any `npm start` or e2e run in the same tree.
 *
 * `keys.signingKey: null` starts it without a signing key (records wait unsealed); `fresh:
 * false` starts it again on the state a previous start left (same `keys.masterKey` needed);
 * `seed`: more SQL statements after the demo seed; `vars`: more variables (`NAME:value`), such as
 * the cost bench's development-only `COST_METER:on`.
 */
export async function startSignet({
  port,
  inspectorPort,
  widgetDir,
  stateDir,
  keys = newKeys(),
  fresh = true,
  seed = [],
  vars = [],
}) {
  if (fresh) rmSync(stateDir, { recursive: true, force: true });
  mkdirSync(stateDir, { recursive: true });
  const logFile = join(stateDir, 'wrangler.log');
  const persistTo = join(stateDir, 'd1');
  const bundleDir = join(stateDir, 'bundle');
  const opts = { cwd: paths.api, logFile };
  if (fresh) {
    wranglerOnce(['deploy', '--dry-run', '--outdir', bundleDir, '--assets', widgetDir], opts);
    wranglerOnce(['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persistTo], opts);
    const { demoSeedStatements } = await import(join(paths.api, 'seeds/demo-seed.mjs'));
    const seedFile = join(stateDir, 'demo-seed.sql');
    const origins = [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
    writeFileSync(seedFile, `${[...demoSeedStatements({ origins }), ...seed].join(';\n')};\n`);
    wranglerOnce(
      ['d1', 'execute', 'DB', '--local', '--persist-to', persistTo, '--file', seedFile],
      opts,
    );
  }

  const child = wranglerDev(
    [
      join(bundleDir, 'index.js'),
      '--no-bundle',
      '--config',
      join(paths.api, 'wrangler.jsonc'),
      '--port',
      String(port),
      '--inspector-port',
      String(inspectorPort),
      '--persist-to',
      persistTo,
      '--assets',
      widgetDir,
      ...signetVars(keys, vars),
      '--show-interactive-dev-session=false',
    ],
    opts,
  );
  await waitFor(`http://127.0.0.1:${port}/v1/health`, child).catch(async (error) => {
    await stop(child);
    throw error;
  });
  return { child, base: `http://localhost:${port}`, logFile, persistTo, keys };
}

/** bench/floor-worker under its own `wrangler dev` and local D1. */
export async function startFloor({ port, inspectorPort, stateDir }) {
  rmSync(stateDir, { recursive: true, force: true });
  mkdirSync(stateDir, { recursive: true });
  const logFile = join(stateDir, 'wrangler.log');
  const persistTo = join(stateDir, 'd1');
  const opts = { cwd: paths.floor, logFile };
  wranglerOnce(['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persistTo], opts);
  const child = wranglerDev(
    [
      '--port',
      String(port),
      '--inspector-port',
      String(inspectorPort),
      '--persist-to',
      persistTo,
      '--show-interactive-dev-session=false',
    ],
    opts,
  );
  await waitFor(`http://127.0.0.1:${port}/health`, child).catch(async (error) => {
    await stop(child);
    throw error;
  });
  return { child, base: `http://localhost:${port}`, logFile };
}

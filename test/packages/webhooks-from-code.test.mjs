// Issue 22: webhooks from code, as a shop developer gets them. The packed @signet/sdk in a fresh
// project outside the workspace; a TypeScript program (strict, nodenext) makes an endpoint on its
// own HTTP server on 127.0.0.1, sends a test event of each type, verifies each delivery, rotates
// the secret mid-stream and redelivers one, against the real API in workerd (`wrangler dev`,
// started here by the same script as `npm start`; in development a webhook may go to this
// machine over http). Run after `npm run build` (npm test does).

import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { webhookEventTypes } from '@signet/sdk';

const root = fileURLToPath(new URL('../..', import.meta.url));
const project = mkdtempSync(join(tmpdir(), 'signet-webhooks-'));
const state = mkdtempSync(join(tmpdir(), 'signet-webhooks-d1-'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const rootPackage = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const toolVersion = (name) => rootPackage.devDependencies[name];
let api = null;

function run(command, args, options = {}) {
  return execFileSync(command, args, {
    cwd: project,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false' },
    ...options,
  });
}

function write(path, text) {
  mkdirSync(join(project, path, '..'), { recursive: true });
  writeFileSync(join(project, path), text);
}

/** A port nobody listens on now, so that runs beside each other do not collide. */
async function freePort() {
  const server = createServer();
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address();
  await new Promise((done) => server.close(done));
  return port;
}

async function startApi() {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      join(root, 'packages/edge-api/scripts/start.mjs'),
      '--port',
      String(port),
      '--persist-to',
      state,
      '--fresh',
    ],
    { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], detached: true },
  );
  let errors = '';
  child.stderr.on('data', (chunk) => {
    errors += chunk;
  });
  const base = `http://127.0.0.1:${port}`;
  // Five minutes: a loaded machine (load 10 on 2 cores) once needed more than two.
  for (let attempt = 0; attempt < 600; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`the API stopped:\n${errors}`);
    try {
      if ((await fetch(`${base}/v1/health`)).ok) return { child, base };
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 500));
  }
  throw new Error(`the API did not start:\n${errors}`);
}

before(async () => {
  const out = run(npm, ['pack', join(root, 'packages/sdk'), '--pack-destination', project]);
  const tarball = join(project, out.trim().split('\n').at(-1));
  write('package.json', JSON.stringify({ name: 'shop-server', private: true, type: 'module' }));
  run(npm, [
    'install',
    '--no-audit',
    '--prefer-offline',
    tarball,
    `typescript@${toolVersion('typescript')}`,
    `@types/node@${toolVersion('@types/node')}`,
  ]);
  api = await startApi();
});

after(() => {
  // The script and the wrangler and workerd it started, as one process group.
  if (api) process.kill(-api.child.pid, 'SIGTERM');
  rmSync(project, { recursive: true, force: true });
  rmSync(state, { recursive: true, force: true });
});

describe('webhooks from code with the packed SDK, against the API in workerd', () => {
  it('create, a test event of each type, rotate mid-stream, redeliver: every delivery verifies', () => {
    write(
      'src/receive-and-rotate.ts',
      readFileSync(join(root, 'test/packages/webhooks-consumer/receive-and-rotate.ts'), 'utf8'),
    );
    write(
      'tsconfig.json',
      JSON.stringify({
        compilerOptions: {
          target: 'es2022',
          module: 'nodenext',
          moduleResolution: 'nodenext',
          lib: ['es2023'],
          types: ['node'],
          strict: true,
          noUncheckedIndexedAccess: true,
          skipLibCheck: false,
          outDir: 'out',
        },
        files: ['src/receive-and-rotate.ts'],
      }),
    );
    try {
      run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json']);
    } catch (error) {
      assert.fail(`tsc reported:\n${error.stdout}${error.stderr}`);
    }
    let out;
    try {
      out = run(process.execPath, ['out/receive-and-rotate.js'], {
        env: { ...process.env, SIGNET_ENDPOINT: api.base },
        timeout: 120_000,
      });
    } catch (error) {
      assert.fail(`the program failed:\n${error.stdout}${error.stderr}`);
    }
    const result = JSON.parse(out);
    // Every type the contract has, in its order: one test event of each per round.
    const types = webhookEventTypes;
    // Four rounds of one test event per type, and the redelivery.
    assert.equal(result.received.length, 4 * types.length + 1);
    assert.deepEqual(
      result.received.filter((delivery) => !delivery.ok),
      [],
      'no delivery failed verification',
    );
    assert.deepEqual(
      result.received.slice(0, types.length).map((delivery) => delivery.type),
      types,
    );
    assert.ok(result.received.every((delivery) => delivery.test));
    // One signature before the rotation, one per secret during the overlap.
    assert.deepEqual(
      result.received.map((delivery) => delivery.signatures),
      [...Array(types.length).fill(1), ...Array(3 * types.length + 1).fill(2)],
    );
    assert.equal(result.received.at(-1).id, result.redelivered.id);
    assert.equal(result.redelivered.status, 'delivered');
    assert.equal(result.logged.length, 4 * types.length);
    assert.ok(Date.parse(result.previousSecretExpiresAt) > Date.now() + 23 * 3_600_000);
    assert.equal(result.removed, true);
  });
});

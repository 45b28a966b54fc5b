// The packages as a shop developer gets them: `npm pack` both, install the tarballs into a fresh
// project outside the workspace, and there import every entry point from plain Node, type-check
// a TypeScript consumer under `nodenext` and `bundler`, run `npx signet verify`, and bundle the
// widget with Rollup. Run after `npm run build` (npm test does).

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const project = mkdtempSync(join(tmpdir(), 'signet-consumer-'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const rootPackage = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
/** The workspace's own versions of the consumer's tools, so npm finds them in its cache. */
const toolVersion = (name) => rootPackage.devDependencies[name];

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

before(() => {
  const tarballs = ['sdk', 'widget'].map((pkg) => {
    const out = run(npm, ['pack', join(root, 'packages', pkg), '--pack-destination', project]);
    return join(project, out.trim().split('\n').at(-1));
  });
  write('package.json', JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  run(npm, [
    'install',
    '--no-audit',
    '--prefer-offline',
    ...tarballs,
    `typescript@${toolVersion('typescript')}`,
    `@types/node@${toolVersion('@types/node')}`,
    `rollup@${toolVersion('rollup')}`,
    `@rollup/plugin-node-resolve@${toolVersion('@rollup/plugin-node-resolve')}`,
  ]);
});

after(() => rmSync(project, { recursive: true, force: true }));

describe('the packed packages in a fresh project', () => {
  it('ship a README, the licence and its name in package.json', () => {
    for (const pkg of ['sdk', 'widget']) {
      const installed = join(project, 'node_modules/@signet', pkg);
      const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
      assert.equal(manifest.license, 'MIT', pkg);
      assert.match(readFileSync(join(installed, 'LICENSE'), 'utf8'), /^MIT License/, pkg);
      assert.match(
        readFileSync(join(installed, 'README.md'), 'utf8'),
        /npm install @signet\//,
        pkg,
      );
    }
  });

  it('import from plain Node ESM, every entry point', () => {
    write(
      'entry-points.mjs',
      `import * as sdk from '@signet/sdk';
import * as server from '@signet/sdk/server';
import * as verify from '@signet/sdk/verify';
import * as firstParty from '@signet/sdk/first-party';
import pkg from '@signet/sdk/package.json' with { type: 'json' };
const widget = await import('@signet/widget').then(
  (m) => Object.keys(m),
  (error) => 'fails: ' + error.message,
);
console.log(JSON.stringify({
  sdk: typeof sdk.createSignetClient,
  server: typeof server.createSignetServer,
  webhook: typeof server.verifyWebhook,
  verify: [typeof verify.verifyRecord, typeof verify.verifyLog, typeof verify.fetchJwks],
  firstParty: typeof firstParty.getFormUnchecked,
  version: pkg.version,
  widget,
}));
`,
    );
    const out = JSON.parse(run(process.execPath, ['entry-points.mjs']));
    assert.deepEqual(out, {
      sdk: 'function',
      server: 'function',
      webhook: 'function',
      verify: ['function', 'function', 'function'],
      firstParty: 'function',
      version: '0.1.0',
      widget: ['SignetConsentFields', 'SignetForm', 'SignetPreferences'],
    });
  });

  it('leave Node built-ins to the CLI', () => {
    const files = run('grep', [
      '-rl',
      '--include=*.js',
      "from 'node:",
      'node_modules/@signet/sdk/dist',
    ])
      .trim()
      .split('\n');
    assert.ok(files.includes('node_modules/@signet/sdk/dist/cli/verify-command.js'));
    assert.deepEqual(
      files.filter((file) => !file.startsWith('node_modules/@signet/sdk/dist/cli/')),
      [],
    );
  });

  for (const resolution of ['nodenext', 'bundler']) {
    it(`type-check a TypeScript consumer with moduleResolution ${resolution}`, () => {
      write(
        'src/consumer.ts',
        `import { createSignetClient, type FormConfig } from '@signet/sdk';
import { createSignetServer, type ContactDecision, verifyWebhook } from '@signet/sdk/server';
import { verifyRecord, type SignedRecord } from '@signet/sdk/verify';
import { SignetForm } from '@signet/widget';

const client = createSignetClient({ endpoint: 'https://consent.example.eu', site: 'shop' });
const server = createSignetServer({ endpoint: 'https://consent.example.eu', site: 'shop', apiKey: 'sk' });
export async function example(record: SignedRecord) {
  const form = await client.getForm('de');
  const config: FormConfig | null = form.ok ? form.value : null;
  const decision: ContactDecision = await server.mayContact({ email: 'a@example.org', purpose: 'newsletter' });
  if (decision.allowed) decision.since.toUpperCase();
  else if (decision.reason === 'error') decision.error?.code;
  const verdict = await verifyRecord(record, { keys: [] });
  const element: SignetForm = document.createElement('signet-form');
  return { config, verdict, element, verifyWebhook };
}
`,
      );
      const module = resolution === 'nodenext' ? 'nodenext' : 'esnext';
      write(
        `tsconfig.${resolution}.json`,
        JSON.stringify({
          compilerOptions: {
            target: 'es2022',
            module,
            moduleResolution: resolution,
            lib: ['es2023', 'dom'],
            types: ['node'],
            strict: true,
            noEmit: true,
            skipLibCheck: false,
          },
          files: ['src/consumer.ts'],
        }),
      );
      try {
        run(process.execPath, [
          'node_modules/typescript/bin/tsc',
          '-p',
          `tsconfig.${resolution}.json`,
        ]);
      } catch (error) {
        assert.fail(`tsc (${resolution}) reported:\n${error.stdout}${error.stderr}`);
      }
    });
  }

  it('run `npx signet verify`: VALID for a signed record, INVALID once it is changed', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'k1', alg: 'EdDSA', use: 'sig' };
    const { recordHash, signingInput } = await import(
      join(project, 'node_modules/@signet/sdk/dist/verify.js')
    );
    const record = {
      v: 1,
      id: 'r-1',
      site: 'shop',
      seq: 1,
      prev: '0'.repeat(64),
      subject: 'subject-1',
      contact: { email: 'a'.repeat(64), phone: null },
      purpose: 'newsletter',
      wording: { version: 'b'.repeat(64), sha256: 'b'.repeat(64) },
      event: 'confirmed',
      at: '2026-11-24T10:00:00.000Z',
      source: { pageUrl: 'https://shop.example/checkout', form: 'server:checkout' },
      evidence: { ip: '203.0.113.0/24', userAgent: 'Mozilla/5.0' },
      request: 'req-1',
    };
    const sig = sign(null, Buffer.from(signingInput('signet-record', 'k1', record)), privateKey);
    const signed = {
      record,
      hash: await recordHash(record),
      kid: 'k1',
      sig: sig.toString('base64url'),
    };
    write('record.json', JSON.stringify(signed));
    write('jwks.json', JSON.stringify({ keys: [jwk] }));
    const valid = run(npm, [
      'exec',
      '--offline',
      '--',
      'signet',
      'verify',
      'record.json',
      '--jwks',
      'jwks.json',
    ]);
    assert.match(valid, /VALID/);

    write('changed.json', JSON.stringify({ ...signed, record: { ...record, purpose: 'sms' } }));
    assert.throws(
      () =>
        run(npm, [
          'exec',
          '--offline',
          '--',
          'signet',
          'verify',
          'changed.json',
          '--jwks',
          'jwks.json',
        ]),
      (error) => error.status === 1 && /INVALID/.test(error.stdout),
    );
  });

  it('bundle the widget with Rollup, with Lit from its own package, once', async () => {
    write('src/page.js', "import '@signet/widget';\n");
    write(
      'rollup.config.mjs',
      `import { nodeResolve } from '@rollup/plugin-node-resolve';
export default { input: 'src/page.js', output: { dir: 'out', format: 'es' }, plugins: [nodeResolve({ browser: true })] };
`,
    );
    run(process.execPath, ['node_modules/rollup/dist/bin/rollup', '-c']);
    const bundle = readdirSync(join(project, 'out'))
      .map((file) => readFileSync(join(project, 'out', file), 'utf8'))
      .join('\n');
    for (const tag of ['signet-form', 'signet-consent-fields', 'signet-preferences']) {
      assert.ok(bundle.includes(`'${tag}'`) || bundle.includes(`"${tag}"`), `${tag} is defined`);
    }
    // Lit comes from the lit package the consumer installed, not a copy inside the widget.
    const widgetSources = run('grep', [
      '-rlE',
      'from [\'"]lit[\'"]',
      'node_modules/@signet/widget/lib',
    ]);
    assert.ok(widgetSources.trim().length > 0, 'the widget imports lit by name');
    assert.equal(
      (bundle.match(/class ReactiveElement\b|ReactiveElement=/g) ?? []).length <= 1,
      true,
    );
  });
});

// `npm start`: migrates and seeds the local D1, then runs `wrangler dev` serving the API, the dev
// mailbox and examples/static-site (with the widget bundle at /signet.js) on one origin.
//
//   node scripts/start.mjs [--port 8787] [--persist-to DIR] [--fresh]
import { spawn, spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { demoSeedStatements, demoSite } from '../seeds/demo-seed.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const apiDir = resolve(here, '..');
const repo = resolve(apiDir, '../..');
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.PORT ?? '8787' },
    'persist-to': { type: 'string', default: join(apiDir, '.wrangler/state') },
    fresh: { type: 'boolean', default: false },
  },
});
const port = values.port;
const persistTo = resolve(values['persist-to']);
const wrangler = join(
  dirname(createRequire(import.meta.url).resolve('wrangler/package.json')),
  'bin/wrangler.js',
);

function run(args) {
  const result = spawnSync(process.execPath, [wrangler, ...args], {
    cwd: apiDir,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, CI: 'true', WRANGLER_SEND_METRICS: 'false' },
  });
  if (result.status !== 0) {
    console.error(`signet: wrangler ${args[0]} ${args[1] ?? ''} failed`);
    process.exit(result.status ?? 1);
  }
}

if (values.fresh) rmSync(persistTo, { recursive: true, force: true });

const widgetBundle = join(repo, 'packages/widget/dist/signet.js');
if (!existsSync(widgetBundle)) {
  console.error('signet: packages/widget/dist/signet.js is missing; run `npm run build` first');
  process.exit(1);
}
const assets = join(apiDir, '.wrangler/dev-assets');
rmSync(assets, { recursive: true, force: true });
mkdirSync(assets, { recursive: true });
cpSync(join(repo, 'examples/static-site'), assets, { recursive: true });
// signet.js and the chunks it loads on demand.
for (const file of readdirSync(dirname(widgetBundle))) {
  if (file.endsWith('.js')) cpSync(join(dirname(widgetBundle), file), join(assets, file));
}
// The owner's console (/admin loads /console/signet-console.js).
cpSync(join(dirname(widgetBundle), 'console'), join(assets, 'console'), {
  recursive: true,
  filter: (source) => !source.endsWith('.map'),
});
// The bundle's headers (CORS for the script tag) after the example site's own.
const widgetHeaders = join(dirname(widgetBundle), '_headers');
if (existsSync(widgetHeaders)) {
  const own = existsSync(join(assets, '_headers'))
    ? readFileSync(join(assets, '_headers'), 'utf8')
    : '';
  writeFileSync(join(assets, '_headers'), `${own}\n${readFileSync(widgetHeaders, 'utf8')}`);
}

run(['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persistTo]);
const seedFile = join(apiDir, '.wrangler/demo-seed.sql');
const origins = [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
writeFileSync(seedFile, `${demoSeedStatements({ origins }).join(';\n')};\n`);
run(['d1', 'execute', 'DB', '--local', '--persist-to', persistTo, '--file', seedFile]);

// A development signing key, kept beside the local database so records stay verifiable
// across restarts; production keys come from `wrangler secret put SIGNING_KEY`.
const keyFile = join(persistTo, 'dev-signing-key.json');
if (!existsSync(keyFile)) {
  mkdirSync(persistTo, { recursive: true });
  const { privateKey } = generateKeyPairSync('ed25519');
  const kid = `dev-${new Date().toISOString().slice(0, 10)}`;
  writeFileSync(keyFile, JSON.stringify({ ...privateKey.export({ format: 'jwk' }), kid }));
}
const signingKey = readFileSync(keyFile, 'utf8');

// The development master key that wraps each person's data key (S2), kept the same way:
// without it the local database's contact data could not be read after a restart.
const masterKeyFile = join(persistTo, 'dev-master-key.txt');
if (!existsSync(masterKeyFile)) {
  writeFileSync(masterKeyFile, `dev-master:${randomBytes(32).toString('base64url')}`);
}
const masterKey = readFileSync(masterKeyFile, 'utf8').trim();

const dev = spawn(
  process.execPath,
  [
    wrangler,
    'dev',
    '--port',
    port,
    '--persist-to',
    persistTo,
    '--assets',
    assets,
    '--var',
    'ENVIRONMENT:development',
    '--var',
    'INDEX_KEY:development-only-index-key',
    '--var',
    'RECORD_KEY:development-only-record-key',
    '--var',
    `SIGNING_KEY:${signingKey}`,
    '--var',
    `MASTER_KEY:${masterKey}`,
    '--show-interactive-dev-session=false',
  ],
  { cwd: apiDir, stdio: 'inherit', env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } },
);

const base = `http://localhost:${port}`;
async function announce() {
  for (let attempt = 0; attempt < 120; attempt += 1) {
    try {
      if ((await fetch(`${base}/v1/health`)).ok) {
        console.log(`
  Signet is running:
    Example site (the widget)  ${base}/
    Dev mailbox                ${base}/dev/mailbox
    API health                 ${base}/v1/health
    Form config                ${base}/v1/sites/demo/form?locale=en
    Demo site key (dev only)   ${demoSite.apiKey}
  Press Ctrl+C to stop.
`);
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 500));
  }
}
void announce();

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => dev.kill(signal));
dev.on('exit', (code) => process.exit(code ?? 0));

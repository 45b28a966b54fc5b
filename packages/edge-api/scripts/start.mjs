// `npm start`: migrates and seeds the local D1, then runs `wrangler dev` serving the API, the dev
// mailbox and examples/static-site (with the widget bundle at /signet.js) on one origin.
//
//   node scripts/start.mjs [--port 8787] [--persist-to DIR] [--fresh] [--shards 2]
//     [--site ID --name NAME --origin URL [--origin URL …] [--owner EMAIL …]]
//
// With --site it also makes a site of one's own beside the demo (the standard purposes with its
// name in their wording, to edit in the console) and prints its development key and the snippet
// for its pages. The demo site lives in shard 0 and a site of one's own in the shard with the
// fewest sites (the second, beside the demo), so that a local run always goes through the shard
// routing (decision 0009).
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
import { demoSeedStatements, demoSite, ownSiteSeedStatements } from '../seeds/demo-seed.mjs';
import {
  placeNewSiteStatement,
  shardOfSiteStatement,
  shardZeroSitesStatement,
} from '../seeds/site-placement.mjs';
import { writeShardedConfig } from './local-shards.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const apiDir = resolve(here, '..');
const repo = resolve(apiDir, '../..');
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.PORT ?? '8787' },
    'persist-to': { type: 'string', default: join(apiDir, '.wrangler/state') },
    fresh: { type: 'boolean', default: false },
    shards: { type: 'string', default: '2' },
    site: { type: 'string' },
    name: { type: 'string' },
    origin: { type: 'string', multiple: true, default: [] },
    owner: { type: 'string', multiple: true, default: [] },
  },
});
const ownSite = values.site ? checkOwnSite(values) : null;

/** The --site options, or the reason they cannot make a site (before anything starts). */
function checkOwnSite({ site: id, name, origin: origins, owner: owners }) {
  const refuse = (why) => {
    console.error(`signet: --site ${id}: ${why}`);
    process.exit(2);
  };
  if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(id))
    refuse('a site id is lower-case letters, digits and dashes');
  if (id === demoSite.site.id) refuse('the demo site exists already; choose another id');
  if (!name) refuse('say its name with --name "Bäckerei Korn"');
  if (origins.length === 0) refuse('say where its pages are with --origin https://bakery.example');
  for (const origin of origins) {
    let parsed;
    try {
      parsed = new URL(origin);
    } catch {
      refuse(`--origin ${origin} is not a URL`);
    }
    if (parsed.origin !== origin.replace(/\/+$/, ''))
      refuse(`--origin ${origin} should be an origin (${parsed.origin})`);
  }
  for (const owner of owners)
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(owner)) refuse(`--owner ${owner} is not an address`);
  return { id, name, origins: origins.map((origin) => new URL(origin).origin), owners };
}
const port = values.port;
const shards = Number(values.shards);
if (!Number.isInteger(shards) || shards < 1 || shards > 16) {
  console.error('signet: --shards is a number from 1 to 16');
  process.exit(2);
}
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

/** A local query's rows (`wrangler d1 execute --json`). */
function query(binding, command) {
  const args = ['d1', 'execute', binding, '--local', '--persist-to', persistTo, '--json'];
  const result = spawnSync(
    process.execPath,
    [wrangler, ...args, ...withConfig, '--command', command],
    {
      cwd: apiDir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, CI: 'true', WRANGLER_SEND_METRICS: 'false' },
    },
  );
  if (result.status !== 0) {
    console.error(`signet: wrangler d1 execute ${binding} failed`);
    process.exit(result.status ?? 1);
  }
  return JSON.parse(result.stdout).at(-1)?.results ?? [];
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

const sharded = writeShardedConfig(apiDir, shards);
const withConfig = ['--config', sharded.file];
// Every shard has the whole schema; the directory has its own.
for (const binding of sharded.bindings) {
  run(['d1', 'migrations', 'apply', binding, '--local', '--persist-to', persistTo, ...withConfig]);
}
const seedFile = join(apiDir, '.wrangler/demo-seed.sql');
const origins = [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
writeFileSync(seedFile, `${demoSeedStatements({ origins }).join(';\n')};\n`);
run([
  'd1',
  'execute',
  'DB',
  '--local',
  '--persist-to',
  persistTo,
  '--file',
  seedFile,
  ...withConfig,
]);
const ownSiteKey = ownSite ? seedOwnSite(ownSite) : null;

/**
 * The site of one's own, with a development key kept beside the local database (shown at every
 * start, since it works only here); a site made before keeps its purposes and wording.
 */
function seedOwnSite(site) {
  mkdirSync(persistTo, { recursive: true });
  const keyFile = join(persistTo, `site-${site.id}-key.txt`);
  if (!existsSync(keyFile))
    writeFileSync(keyFile, `sk_dev_${randomBytes(24).toString('base64url')}`);
  const apiKey = readFileSync(keyFile, 'utf8').trim();
  const file = join(apiDir, `.wrangler/site-${site.id}-seed.sql`);
  const statements = ownSiteSeedStatements({ ...site, apiKey, now: new Date().toISOString() });
  writeFileSync(file, `${statements.join(';\n')};\n`);
  const shard = shards > 1 ? placeOwnSite(site.id) : 0;
  const local = ['--local', '--persist-to', persistTo, ...withConfig];
  run(['d1', 'execute', shard === 0 ? 'DB' : `DB_${shard}`, ...local, '--file', file]);
  // The key as its owner uses it names the site's shard (crypto/shard-tags.ts).
  return shard === 0 ? apiKey : `${shard}.${apiKey}`;
}

/** The directory chooses the site's shard, the one with the fewest sites (decision 0009). */
function placeOwnSite(siteId) {
  const [zero] = query('DB', shardZeroSitesStatement);
  run([
    'd1',
    'execute',
    'DIRECTORY',
    '--local',
    '--persist-to',
    persistTo,
    ...withConfig,
    '--command',
    placeNewSiteStatement(siteId, { shards, shardZeroSites: zero?.sites ?? 0 }),
  ]);
  const [placed] = query('DIRECTORY', shardOfSiteStatement(siteId));
  return placed.shard;
}

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
    ...withConfig,
  ],
  {
    cwd: apiDir,
    stdio: 'inherit',
    // Offline, fetching the `cf` object from workers.cloudflare.com only prints a stack trace;
    // the worker reads nothing from it that a local run needs.
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
  },
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
    Console (site owners)      ${base}/admin
    API reference              ${base}/docs
    API health                 ${base}/v1/health
    Form config                ${base}/v1/sites/demo/form?locale=en
    Demo site key (dev only)   ${demoSite.apiKey}
${ownSite ? ownSiteBanner(ownSite, ownSiteKey) : ''}  Press Ctrl+C to stop.
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

function ownSiteBanner(site, apiKey) {
  return `
  Your site "${site.id}" (${site.name}), for pages on ${site.origins.join(', ')}:
    Its key (dev only)         ${apiKey}
    Sign in to the console     ${base}/admin with that key${site.owners.length ? `, or by a link mailed to ${site.owners.join(', ')}` : ''}
    Paste into its pages (the first line is optional: it asks for the form's texts while
    signet.js loads; its locale must be the page's language, as in <html lang="de">):

      <link rel="preload" as="fetch" crossorigin href="${base}/v1/sites/${site.id}/form?locale=en" />
      <script type="module" src="${base}/signet.js"></script>
      <signet-form site="${site.id}" endpoint="${base}"></signet-form>

`;
}

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => dev.kill(signal));
dev.on('exit', (code) => process.exit(code ?? 0));

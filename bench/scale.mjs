// `npm run bench:scale`: the sealing sequencer's ceiling and D1's size per consent, measured on
// `wrangler dev` through the worker's real routes; writes bench/results/scale-latest.json,
// scale-latest.md and a dated copy of each, and prints the table. docs/scaling.md uses them.
//
//   npm run bench:scale [-- --one-site 3000] [--sites 50] [--per-site 60] [--rivals 4]
//                       [--consents 20000] [--build]
//   npm run bench:scale -- --shards 1,2,4 [--sites-per-shard 4] [--per-site 60]
//                       [--concurrency 16] [--port-base 8876] [--build]
//
// With --shards, only the shard comparison runs (bench/lib/shard-scale.mjs) and writes
// scale-shards-latest.json and .md instead.
//
// 1. Without a signing key, real requests and confirmations leave their records unsealed: on
//    the demo site, on a second site, and on `--sites` more sites.
// 2. With the key, each backlog is sealed and timed: the demo site by one sequencer, the second
//    site by `--rivals` sequencers racing for its head, the many sites all at once.
// 3. D1's size is read, more confirmed consents are added (sealed as they come, as in
//    production) up to `--consents`, and the size is read again: bytes per consent are the
//    difference of the two readings over the consents between them.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { d1Size, perConsent } from './lib/d1-size.mjs';
import { machine, revision } from './lib/machine.mjs';
import { paths } from './lib/paths.mjs';
import { scaleMarkdown } from './lib/scale-report.mjs';
import { sealBacklogs } from './lib/sealing.mjs';
import { newKeys, startSignet, stop } from './lib/servers.mjs';
import { snapshotWidget } from './lib/setup.mjs';
import { shardScale, shardScaleMarkdown } from './lib/shard-scale.mjs';
import { extraSites } from './lib/sites.mjs';
import { addConsents, newsletterVersion, raiseLimits } from './lib/traffic.mjs';

const { values: options } = parseArgs({
  options: {
    'one-site': { type: 'string', default: '3000' },
    sites: { type: 'string', default: '50' },
    'per-site': { type: 'string', default: '60' },
    rivals: { type: 'string', default: '4' },
    consents: { type: 'string', default: '20000' },
    build: { type: 'boolean', default: false },
    shards: { type: 'string' },
    'sites-per-shard': { type: 'string', default: '4' },
    concurrency: { type: 'string', default: '16' },
    'port-base': { type: 'string', default: '8876' },
    'consents-per-database': { type: 'string', default: '1700000' },
  },
});
const count = (name) => Number(options[name]);
if (options.shards) {
  await runShards();
  process.exit(0);
}

/** `--shards 1,2,4`: consents/s and records sealed/s per shard count (decision 0009). */
async function runShards() {
  const counts = options.shards.split(',').map(Number);
  if (!counts.every((n) => Number.isInteger(n) && n >= 1 && n <= 16)) {
    throw new Error('--shards: shard counts from 1 to 16, e.g. 1,2,4');
  }
  const started = new Date();
  const result = { date: started.toISOString(), machine: machine(), revision: revision() };
  const widgetDir = await snapshotWidget({ build: options.build, log: console.log });
  result.options = {
    sitesPerShard: count('sites-per-shard'),
    perSite: count('per-site'),
    concurrency: count('concurrency'),
    perDatabase: count('consents-per-database'),
  };
  result.runs = await shardScale(counts, {
    ...result.options,
    portBase: count('port-base'),
    widgetDir,
    log: console.log,
  });
  result.seconds = Math.round((Date.now() - started.getTime()) / 1000);
  const table = shardScaleMarkdown(result);
  mkdirSync(paths.results, { recursive: true });
  const day = started.toISOString().slice(0, 10);
  for (const name of ['scale-shards-latest', `scale-shards-${day}`]) {
    writeFileSync(join(paths.results, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
    writeFileSync(join(paths.results, `${name}.md`), table);
  }
  console.log(`\n${table}`);
  console.log('scale: wrote bench/results/scale-shards-latest.{json,md} and a dated copy');
}
const backlogConsents = 2 * count('one-site') + count('sites') * count('per-site');
if (count('consents') <= backlogConsents) {
  throw new Error(`--consents must exceed the ${backlogConsents} consents of the backlogs`);
}
// Outside 8787-8799 (npm start, the shop example, e2e and CI) and the main bench's 8871-8875.
const ports = { signet: 8876, inspector: 8877 };
const demo = { id: 'demo', apiKey: 'sk_demo_local_development_only' };
const log = (line) => console.log(line);

const started = new Date();
const result = { date: started.toISOString(), machine: machine(), revision: revision() };
const widgetDir = await snapshotWidget({ build: options.build, log });
const stateDir = join(paths.state, 'scale');
const origins = [`http://localhost:${ports.signet}`, `http://127.0.0.1:${ports.signet}`];
const { sites, seed } = await extraSites(count('sites') + 1, { origins });
const [rivalSite, ...manySites] = sites;
const keys = newKeys();
const start = (withKey, fresh) =>
  startSignet({
    port: ports.signet,
    inspectorPort: ports.inspector,
    widgetDir,
    stateDir,
    keys: withKey ? keys : { ...keys, signingKey: null },
    fresh,
    seed,
  });

let server = null;
const cleanUp = () => stop(server?.child);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => void cleanUp().finally(() => process.exit(130)));
}

try {
  log(`scale: Signet without a signing key (wrangler dev, port ${ports.signet})`);
  server = await start(false, true);
  const base = server.base;
  const version = await newsletterVersion(base);
  for (const site of [demo, ...sites]) await raiseLimits(base, site.apiKey);
  const runId = Date.now().toString(36);
  const backlog = [
    { ...demo, consents: count('one-site') },
    { ...rivalSite, consents: count('one-site') },
    ...manySites.map((site) => ({ ...site, consents: count('per-site') })),
  ];
  let consents = 0;
  for (const site of backlog) {
    await addConsents(base, {
      site: site.id,
      runId,
      first: consents,
      count: site.consents,
      version,
      log: site.consents >= 500 ? log : undefined,
    });
    consents += site.consents;
    site.records = 2 * site.consents; // a request's record and its confirmation's
  }
  log(`scale: ${consents} confirmed consents on ${backlog.length} sites, their records unsealed`);
  await stop(server.child);

  log('scale: the same worker and database with the signing key; sealing the backlogs');
  server = await start(true, false);
  const [one, ...rest] = backlog;
  const [rivals, ...many] = rest;
  result.sealing = {
    oneSite: await sealBacklogs(base, [one]),
    rivals: await sealBacklogs(base, [rivals], { sequencers: count('rivals') }),
    manySites: await sealBacklogs(base, many),
  };
  for (const [name, figure] of Object.entries(result.sealing)) {
    log(`  ${name}: ${figure.records} records in ${figure.seconds} s`);
  }
  await stop(server.child);
  const first = { consents, ...d1Size(server.persistTo) };

  const more = count('consents') - consents;
  server = await start(true, false);
  log(`scale: ${more} more confirmed consents on the demo site, sealed as they come`);
  await addConsents(base, { site: 'demo', runId, first: consents, count: more, version, log });
  consents += more;
  await sealBacklogs(base, [{ ...demo, records: one.records + 2 * more }]);
  await stop(server.child);
  const second = { consents, ...d1Size(server.persistTo) };
  result.size = { readings: [first, second], perConsent: perConsent(first, second) };
} finally {
  await cleanUp();
}

result.seconds = Math.round((Date.now() - started.getTime()) / 1000);
const table = scaleMarkdown(result);
mkdirSync(paths.results, { recursive: true });
for (const name of ['scale-latest', `scale-${started.toISOString().slice(0, 10)}`]) {
  writeFileSync(join(paths.results, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(join(paths.results, `${name}.md`), table);
}
console.log(`\n${table}`);
log('scale: wrote bench/results/scale-latest.{json,md} and a dated copy');

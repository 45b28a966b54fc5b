// `bench:scale --shards 1,2,4`: the same traffic on deployments of 1, 2 and 4 shards (decision
// 0009). For each: a fresh sharded Signet without a signing key, `--sites-per-shard` sites per
// shard placed by the directory, `--per-site` consents on every site requested and confirmed as
// a visitor does, spread over all sites at once; then the same state with the key, every site's
// backlog sealed at once. Consents/s counts the requests' and the confirmations' time only (not
// reading links from the dev mailbox, which shows 50 messages, so it goes in rounds of 48).
import { join } from 'node:path';
import { cpuMeter } from './machine.mjs';
import { paths } from './paths.mjs';
import { sealBacklogs } from './sealing.mjs';
import { newKeys, stop } from './servers.mjs';
import { startShardedSignet } from './shard-servers.mjs';
import { extraSites } from './sites.mjs';
import { round } from './stats.mjs';
import {
  benchEmail,
  confirm,
  inParallel,
  newsletterVersion,
  openLinks,
  raiseLimits,
  requestConsent,
} from './traffic.mjs';

const round48 = 48;

/** `perSite` consents on every site, the sites' turns interleaved; times requests and confirmations. */
async function consentsOnAll(base, sites, { perSite, version, concurrency, runId }) {
  const asks = [];
  for (let i = 0; i < perSite; i += 1) {
    for (const site of sites) asks.push({ site: site.id, n: asks.length });
  }
  const cpu = cpuMeter();
  let requestMs = 0;
  const links = [];
  for (let at = 0; at < asks.length; at += round48) {
    const chunk = asks.slice(at, at + round48);
    const started = performance.now();
    await inParallel(chunk, concurrency, (ask) =>
      requestConsent(base, { site: ask.site, runId, n: ask.n, wordingVersion: version }),
    );
    requestMs += performance.now() - started;
    links.push(
      ...(await openLinks(
        base,
        chunk.map((ask) => benchEmail(runId, ask.n)),
      )),
    );
  }
  const started = performance.now();
  await inParallel(links, concurrency, (link) => confirm(base, link));
  const confirmMs = performance.now() - started;
  const consents = asks.length;
  return {
    consents,
    requestsPerSecond: round(consents / (requestMs / 1000), 1),
    confirmationsPerSecond: round(consents / (confirmMs / 1000), 1),
    consentsPerSecond: round(consents / ((requestMs + confirmMs) / 1000), 1),
    cpuCores: cpu(),
  };
}

/** One deployment of `shards` shards, measured; the server stopped at the end. */
async function measure(shards, options) {
  const { sitesPerShard, perSite, concurrency, portBase, widgetDir, perDatabase, log } = options;
  const stateDir = join(paths.state, `scale-shards-${shards}`);
  const port = portBase;
  const origins = [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
  const made = await extraSites(shards * sitesPerShard, { origins });
  const per = made.seed.length / made.sites.length;
  const sites = made.sites.map((site, i) => ({
    ...site,
    seed: made.seed.slice(i * per, (i + 1) * per),
  }));
  const keys = newKeys();
  const start = { shards, port, inspectorPort: portBase + 1, widgetDir, stateDir };
  log(`scale --shards: ${shards} shard(s), ${sites.length} sites, port ${port}`);
  let server = await startShardedSignet({ ...start, keys: { ...keys, signingKey: null }, sites });
  try {
    const { home } = server.prepared;
    // A site's key names its shard (crypto/shard-tags.ts).
    const placed = sites.map((site) => {
      const shard = home.get(site.id);
      return { id: site.id, shard, apiKey: `${shard === 0 ? '' : `${shard}.`}${site.apiKey}` };
    });
    for (const site of placed) await raiseLimits(server.base, site.apiKey);
    const version = await newsletterVersion(server.base, placed[0].id);
    const runId = Date.now().toString(36);
    const traffic = await consentsOnAll(server.base, placed, {
      perSite,
      version,
      concurrency,
      runId,
    });
    log(`  ${traffic.consents} consents: ${traffic.consentsPerSecond}/s`);
    await stop(server.child);
    server = await startShardedSignet({ ...start, keys, fresh: false, prepared: server.prepared });
    // Every consent wrote two records: the request's and the confirmation's.
    const sealing = await sealBacklogs(
      server.base,
      placed.map((site) => ({ ...site, records: 2 * perSite })),
    );
    log(`  ${sealing.records} records sealed: ${sealing.recordsPerSecond}/s`);
    const sitesPerShardPlaced = Array.from(
      { length: shards },
      (_, shard) => placed.filter((site) => site.shard === shard).length,
    );
    return {
      shards,
      sites: placed.length,
      sitesPerShard: sitesPerShardPlaced,
      traffic,
      sealing,
      holdsConsents: shards * perDatabase,
    };
  } finally {
    await stop(server.child);
  }
}

export async function shardScale(counts, options) {
  const runs = [];
  for (const shards of counts) runs.push(await measure(shards, options));
  return runs;
}

/** The machine's busy cores during a phase, and how many of them were other processes'. */
const cores = (cpu) => (cpu ? `${cpu.machine} (others ${cpu.others})` : '–');

/** The table docs/scaling.md copies. */
export function shardScaleMarkdown(result) {
  const { options } = result;
  const rows = result.runs.map((run) =>
    [
      run.shards,
      `${run.sites} (${run.sitesPerShard.join(' / ')})`,
      run.traffic.consents.toLocaleString('en'),
      run.traffic.requestsPerSecond,
      run.traffic.confirmationsPerSecond,
      run.traffic.consentsPerSecond,
      cores(run.traffic.cpuCores),
      run.sealing.records.toLocaleString('en'),
      run.sealing.recordsPerSecond.toLocaleString('en'),
      cores(run.sealing.cpuCores),
      run.holdsConsents.toLocaleString('en'),
    ].join(' | '),
  );
  return [
    `# bench:scale --shards ${result.runs.map((run) => run.shards).join(',')}`,
    '',
    `${result.date}, ${result.machine.cpu}, ${result.machine.cores} cores, load ${result.machine.loadAverageAtStart.join(' ')} at the start, commit ${result.revision.commit}; ` +
      `${options.perSite} consents per site, ${options.sitesPerShard} sites per shard, ${options.concurrency} at a time; ${result.seconds} s in all.`,
    '',
    '| Shards | Sites (per shard) | Consents | Requests/s | Confirmations/s | Consents/s | Cores (traffic) | Records sealed | Records/s | Cores (sealing) | Holds (consents) |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((row) => `| ${row} |`),
    '',
    `Holds: shards × ${options.perDatabase.toLocaleString('en')} confirmed consents per 10 GB database (docs/scaling.md), not measured here.`,
    '',
  ].join('\n');
}

// The cost of one consent (issue 23): what a consent request and its confirmation make the worker
// do, the work it hands to `waitUntil` (sending the message, sealing the records, webhooks)
// included. Signet runs under `wrangler dev` with its development-only D1 meter on
// (`COST_METER=on`, packages/edge-api/src/dev/cost-meter.ts): D1 round trips, statements and
// D1's own rows read and written come from `GET /dev/cost`; CPU time is the workerd processes'
// (read from /proc, which includes the local D1: SQLite runs in the same process); bytes kept are
// the growth of the D1 file's tables (bench/lib/d1-size.mjs), transient tables left out.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { d1Size, perConsent } from './d1-size.mjs';
import { waitIdle } from './machine.mjs';
import { round } from './stats.mjs';
import {
  benchEmail,
  confirm,
  consentBody,
  inParallel,
  newsletterVersion,
  openLinks,
  raiseLimits,
  requestConsent,
} from './traffic.mjs';

const ticksPerSecond = 100; // USER_HZ on Linux
/** The dev mailbox lists the newest 50 messages: requests go in chunks of that many. */
const chunk = 50;

/** The workerd processes of a `wrangler dev` process group. */
function workerdPids(group) {
  const listed = execFileSync('ps', ['-o', 'pid=,comm=', '-g', String(group)], {
    encoding: 'utf8',
  });
  return listed
    .split('\n')
    .filter((entry) => /workerd/.test(entry))
    .map((entry) => Number(entry.trim().split(/\s+/)[0]));
}

function cpuMs(pids) {
  let ticks = 0;
  for (const pid of pids) {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return (ticks / ticksPerSecond) * 1000;
}

async function meter(base) {
  const response = await fetch(`${base}/dev/cost`);
  if (!response.ok) throw new Error(`GET /dev/cost: ${response.status} (is COST_METER on?)`);
  return response.json();
}

const keys = ['roundTrips', 'statements', 'rowsRead', 'rowsWritten', 'cpuMs'];

/**
 * Runs `work` between two readings, once the worker is idle (so that the work it hands to
 * `waitUntil` is counted: the reading after waits for the worker to be idle again).
 */
async function measure(base, group, pids, work) {
  await waitIdle([group]);
  const before = { ...(await meter(base)), cpuMs: cpuMs(pids) };
  await work();
  await waitIdle([group]);
  const cpu = cpuMs(pids);
  const after = { ...(await meter(base)), cpuMs: cpu };
  return Object.fromEntries(keys.map((key) => [key, after[key] - before[key]]));
}

const add = (a, b) => Object.fromEntries(keys.map((key) => [key, (a?.[key] ?? 0) + b[key]]));

function perItem(total, count, bytes) {
  return {
    roundTrips: round(total.roundTrips / count, 2),
    statements: round(total.statements / count, 2),
    rowsRead: round(total.rowsRead / count, 1),
    rowsWritten: round(total.rowsWritten / count, 1),
    cpuMs: round(total.cpuMs / count, 2),
    bytesKept: round(bytes, 0),
  };
}

/**
 * `count` consent requests (one purpose, as a browser on the site's page sends them, 4 at a
 * time), then their `count` confirmations; per request and per confirmation, every figure
 * averaged over them.
 */
export async function benchCost({ base, group, persistTo, apiKey, count, log }) {
  await raiseLimits(base, apiKey);
  const version = await newsletterVersion(base);
  const runId = `cost-${Date.now().toString(36)}`;
  const pids = workerdPids(group);
  if (pids.length === 0) throw new Error('no workerd process in the wrangler dev group');

  await waitIdle([group]);
  const sizes = [{ consents: 0, ...d1Size(persistTo) }];
  let requests;
  const links = [];
  for (let first = 0; first < count; first += chunk) {
    const batch = Array.from({ length: Math.min(chunk, count - first) }, (_, i) => first + i);
    const spent = await measure(base, group, pids, () =>
      inParallel(batch, 4, (n) =>
        requestConsent(base, { site: 'demo', runId, n, wordingVersion: version }),
      ),
    );
    requests = add(requests, spent);
    // Untimed and unmetered: the links from the dev mailbox, each page opened for its nonce.
    links.push(
      ...(await openLinks(
        base,
        batch.map((n) => benchEmail(runId, n)),
      )),
    );
    log(`  cost: ${first + batch.length}/${count} requests`);
  }
  await waitIdle([group]);
  sizes.push({ consents: count, ...d1Size(persistTo) });
  const confirmations = await measure(base, group, pids, () =>
    inParallel(links, 4, (link) => confirm(base, link)),
  );
  log(`  cost: ${count} confirmations`);
  sizes.push({ consents: 2 * count, ...d1Size(persistTo) });

  // Growth over `count` items: perConsent divides by the difference of `consents`.
  const requestBytes = perConsent(sizes[0], sizes[1]);
  const confirmBytes = perConsent(sizes[1], sizes[2]);
  const request = perItem(requests, count, requestBytes.keptBytesPerConsent);
  const confirmation = perItem(confirmations, count, confirmBytes.keptBytesPerConsent);
  const both = Object.fromEntries(
    Object.keys(request).map((key) => [key, round(request[key] + confirmation[key], 2)]),
  );
  return {
    count,
    concurrency: 4,
    request,
    confirmation,
    consent: both,
    tables: { request: requestBytes.tables, confirmation: confirmBytes.tables },
  };
}

/**
 * What any request costs the same runtime, for scale: the floor worker (bench/floor-worker) under
 * its own `wrangler dev`, answering `GET /health` (no D1) and `POST /floor` (valibot and one D1
 * insert), `count` of each, 4 at a time, its workerd processes' CPU per request as above. Under
 * `wrangler dev` every request also passes wrangler's own proxy worker, in a workerd of its own.
 */
export async function benchFloorCost({ base, group, count, log }) {
  const pids = workerdPids(group);
  if (pids.length === 0) throw new Error('no workerd process in the floor wrangler dev group');
  const runId = `floor-cost-${Date.now().toString(36)}`;
  const version = 'a'.repeat(64);
  const numbers = Array.from({ length: count }, (_, i) => i);
  const health = () => fetch(`${base}/health`).then((response) => response.text());
  const insert = async (n) => {
    const response = await fetch(`${base}/floor`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: consentBody(base, runId, n, version),
    });
    await response.text();
    if (response.status !== 202) throw new Error(`floor: ${response.status}`);
  };
  // Warm-up, unmeasured: the first requests compile the code.
  await inParallel(numbers.slice(0, 20), 4, (n) => Promise.all([health(), insert(count + n)]));
  const answer = await measureCpu(group, pids, () => inParallel(numbers, 4, health));
  const written = await measureCpu(group, pids, () => inParallel(numbers, 4, insert));
  log(`  cost: the floor, ${count} answers and ${count} inserts`);
  return {
    answer: { cpuMs: round(answer / count, 2) },
    insert: { roundTrips: 1, statements: 1, cpuMs: round(written / count, 2) },
  };
}

async function measureCpu(group, pids, work) {
  await waitIdle([group]);
  const before = cpuMs(pids);
  await work();
  await waitIdle([group]);
  return cpuMs(pids) - before;
}

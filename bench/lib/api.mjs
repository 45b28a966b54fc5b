// The API against its floor: Signet's three public routes and the floor worker, each loaded by
// autocannon at the same fixed concurrency, in interleaved rounds, all on `wrangler dev`.
import autocannon from 'autocannon';
import { cpuMeter, waitIdle } from './machine.mjs';
import { median, percentile, ratio, round, sum } from './stats.mjs';
import {
  browserAgent,
  clientIp,
  confirmationLinks,
  confirmRequest,
  consentBody,
  newsletterVersion,
  raiseLimits,
} from './traffic.mjs';

/**
 * Confirmation links for `count` fresh requests, each with its confirm page's nonce (made
 * untimed, before the run that confirms them; GET on a link changes nothing).
 */
let prepared = 0;
async function prepareConfirmations(base, count, version, runId, log) {
  const first = prepared;
  prepared += count;
  const links = await confirmationLinks(base, { runId: `${runId}-c`, first, count, version });
  log(`  ${count} confirmation links ready (untimed)`);
  return links;
}

/** One autocannon run; every response's status and latency is kept. */
function load({ url, connections, duration, amount, request, check }) {
  return new Promise((resolve, reject) => {
    const latencies = [];
    const statuses = { '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 };
    let unexpected = 0;
    const started = performance.now();
    const cpu = cpuMeter();
    const instance = autocannon(
      {
        url,
        connections,
        ...(amount ? { amount } : { duration }),
        timeout: 30,
        requests: [
          {
            setupRequest: (req) => ({ ...req, ...request() }),
            onResponse: (status, body) => {
              if (check && !check(status, body)) unexpected += 1;
            },
          },
        ],
      },
      (error, result) => {
        if (error) return reject(error);
        resolve({
          seconds: (performance.now() - started) / 1000,
          latencies,
          statuses,
          unexpected,
          errors: result.errors,
          timeouts: result.timeouts,
          cpu: cpu(),
        });
      },
    );
    instance.on('response', (_client, status, _bytes, responseTime) => {
      latencies.push(responseTime);
      statuses[`${String(status)[0]}xx`] = (statuses[`${String(status)[0]}xx`] ?? 0) + 1;
    });
  });
}

function summarize(name, runs, floor) {
  const latencies = runs.flatMap((run) => run.latencies);
  const seconds = sum(runs.map((run) => run.seconds));
  const requests = latencies.length;
  const ok = sum(runs.map((run) => run.statuses['2xx']));
  const row = {
    name,
    requests,
    seconds: round(seconds, 2),
    requestsPerSecond: round(requests / seconds, 1),
    perRound: runs.map((run) => round(run.latencies.length / run.seconds, 1)),
    latencyMs: {
      p50: round(percentile(latencies, 50), 2),
      p90: round(percentile(latencies, 90), 2),
      p99: round(percentile(latencies, 99), 2),
      max: round(Math.max(...latencies), 2),
    },
    statuses: {
      '2xx': ok,
      non2xx: requests - ok,
      ...Object.fromEntries(
        ['3xx', '4xx', '5xx'].map((key) => [key, sum(runs.map((run) => run.statuses[key] ?? 0))]),
      ),
    },
    unexpected: sum(runs.map((run) => run.unexpected)),
    errors: sum(runs.map((run) => run.errors)),
    timeouts: sum(runs.map((run) => run.timeouts)),
    /** Mean cores in use during the runs: by this bench (load generator and servers), by others. */
    cpuCores: {
      bench: round(sum(runs.map((run) => run.cpu?.bench ?? 0)) / runs.length, 2),
      others: round(sum(runs.map((run) => run.cpu?.others ?? 0)) / runs.length, 2),
    },
  };
  if (floor) {
    row.toFloor = {
      requestsPerSecond: round(ratio(row.requestsPerSecond, floor.requestsPerSecond), 3),
      p50: round(ratio(row.latencyMs.p50, floor.latencyMs.p50), 2),
      p99: round(ratio(row.latencyMs.p99, floor.latencyMs.p99), 2),
    };
  }
  return row;
}

/**
 * Runs the four targets in `rounds` interleaved rounds (floor, form, request, confirm, floor, …)
 * after one warm-up round that is not counted.
 */
export async function benchApi({
  signetBase,
  floorBase,
  apiKey,
  serverGroups,
  connections,
  seconds,
  rounds,
  warmupSeconds,
  log,
}) {
  await raiseLimits(signetBase, apiKey);
  const wordingVersion = await newsletterVersion(signetBase);
  const runId = Date.now().toString(36);

  let links = [];
  let nextLink = 0;
  let linksShort = 0;
  let confirmRate = null;
  let nextFloor = 0;
  let nextRequest = 0;
  const formPath = '/v1/sites/demo/form?locale=en';
  const browserHeaders = { origin: signetBase, 'user-agent': browserAgent };

  const targets = {
    floor: {
      label: 'Floor: valibot + 1 D1 insert (POST)',
      url: floorBase,
      request: () => {
        const n = nextFloor++;
        return {
          method: 'POST',
          path: '/floor',
          headers: { 'content-type': 'application/json', ...browserHeaders },
          body: consentBody(signetBase, `${runId}-f`, n, wordingVersion),
        };
      },
      check: (status) => status === 202,
    },
    form: {
      label: `GET ${formPath}`,
      url: signetBase,
      request: () => ({ method: 'GET', path: formPath, headers: { ...browserHeaders } }),
      check: (status) => status === 200,
    },
    request: {
      label: 'POST /v1/consent-requests',
      url: signetBase,
      request: () => {
        const n = nextRequest++;
        return {
          method: 'POST',
          path: '/v1/consent-requests',
          headers: {
            'content-type': 'application/json',
            ...browserHeaders,
            'cf-connecting-ip': clientIp(n),
          },
          body: consentBody(signetBase, `${runId}-r`, n, wordingVersion),
        };
      },
      check: (status) => status === 202,
    },
    confirm: {
      label: 'POST /confirm/{token}',
      url: signetBase,
      amount: true,
      request: () => {
        const link = links[nextLink++];
        if (!link) linksShort += 1;
        return confirmRequest(signetBase, link ?? links[links.length - 1]);
      },
      check: (status, body) => status === 200 && /Thank you/.test(body),
    },
  };

  const runs = Object.fromEntries(Object.keys(targets).map((key) => [key, []]));
  for (let index = 0; index <= rounds; index += 1) {
    const warmup = index === 0;
    for (const [key, target] of Object.entries(targets)) {
      let amount;
      if (target.amount) {
        // Each link confirms once: as many fresh ones as the warm-up's rate gets through in
        // `seconds`, made (untimed) just before the run.
        const wanted = warmup ? warmupSeconds : seconds;
        amount = Math.max(connections * 5, Math.round((confirmRate ?? 20) * wanted));
        links = await prepareConfirmations(signetBase, amount, wordingVersion, runId, log);
        nextLink = 0;
        await waitIdle(serverGroups);
      }
      const run = await load({
        url: target.url,
        connections,
        duration: warmup ? warmupSeconds : seconds,
        amount,
        request: target.request,
        check: target.check,
      });
      log(
        `  ${warmup ? 'warm-up' : `round ${index}/${rounds}`}  ${target.label.padEnd(42)} ${round(run.latencies.length / run.seconds, 1)} req/s, p50 ${round(median(run.latencies), 1)} ms, non-2xx ${run.latencies.length - run.statuses['2xx']}`,
      );
      if (target.amount && warmup) confirmRate = run.latencies.length / run.seconds;
      if (!warmup) runs[key].push(run);
      // Let the worker finish what it does after answering (sending, sealing) before the next.
      run.settledAfterMs = await waitIdle(serverGroups);
    }
  }

  const floor = summarize(targets.floor.label, runs.floor);
  const rows = [floor];
  for (const key of ['form', 'request', 'confirm']) {
    rows.push({ key, ...summarize(targets[key].label, runs[key], floor) });
  }
  rows[0].key = 'floor';
  return {
    connections,
    secondsPerRound: seconds,
    rounds,
    warmupSeconds,
    linksShort,
    rows,
  };
}

// The API against its floor: Signet's three public routes and the floor worker, each loaded by
// autocannon at the same fixed concurrency, in interleaved rounds, all on `wrangler dev`.
import autocannon from 'autocannon';
import { cpuMeter, waitIdle } from './machine.mjs';
import { median, percentile, ratio, round, sum } from './stats.mjs';

const browserAgent =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36';

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/** Runs `task` over `items` with at most `limit` at a time. */
async function inParallel(items, limit, task) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** A distinct IPv4 address per request (10.x.y.z), in case the runtime passes it through. */
const clientIp = (n) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;

function consentBody(base, runId, n, wordingVersion) {
  return JSON.stringify({
    site: 'demo',
    email: `bench-${runId}-${n}@example.org`,
    purposes: [{ id: 'newsletter', wordingVersion }],
    locale: 'en',
    pageUrl: `${base}/`,
  });
}

/** Raises the demo site's per-client and daily limits so that the load is not refused (429). */
async function raiseLimits(base, apiKey) {
  const response = await fetch(`${base}/v1/admin/site`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ clientLimitPerHour: 10_000, messagesPerDay: 1_000_000 }),
  });
  if (!response.ok) throw new Error(`PATCH /v1/admin/site: ${response.status}`);
}

/**
 * Confirmation links for `count` fresh requests, each with its confirm page's nonce: requests
 * in batches of 50 (the dev mailbox lists the newest 50), the links read from the dev mailbox,
 * then each link's page opened once (GET changes nothing) for the nonce its button would send.
 */
let prepared = 0;
async function prepareConfirmations(base, count, wordingVersion, runId, log) {
  const ready = [];
  let n = prepared;
  prepared += count;
  while (ready.length < count) {
    const batch = Array.from({ length: Math.min(50, count - ready.length) }, () => n++);
    await inParallel(batch, 8, async (i) => {
      const response = await fetch(`${base}/v1/consent-requests`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          origin: base,
          'user-agent': browserAgent,
          'cf-connecting-ip': clientIp(100_000 + i),
        },
        body: consentBody(base, `${runId}-c`, i, wordingVersion),
      });
      if (response.status !== 202)
        throw new Error(`consent request for a token: ${response.status}`);
    });
    const wanted = new Set(batch.map((i) => `bench-${runId}-c-${i}@example.org`));
    let links = [];
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const { messages } = await (await fetch(`${base}/dev/mailbox.json`)).json();
      links = messages
        .filter((message) => wanted.has(message.to))
        .map((message) => message.text.match(/\/confirm\/[A-Za-z0-9_-]{43}/)?.[0])
        .filter(Boolean);
      if (links.length === wanted.size) break;
      await sleep(200);
    }
    if (links.length !== wanted.size) throw new Error('the dev mailbox did not get every link');
    const pages = await inParallel(links, 8, async (path) => {
      const page = await (await fetch(`${base}${path}`)).text();
      const nonce = page.match(/name="nonce" value="([^"]+)"/)?.[1];
      if (!nonce) throw new Error(`no nonce on ${path}`);
      return { path, nonce };
    });
    ready.push(...pages);
    if (ready.length === count) log(`  ${count} confirmation links ready (untimed)`);
  }
  return ready;
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
  const form = await (await fetch(`${signetBase}/v1/sites/demo/form?locale=en`)).json();
  const wordingVersion = form.purposes.find(
    (purpose) => purpose.id === 'newsletter',
  ).wordingVersion;
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
        const { path, nonce } = link ?? links[links.length - 1];
        return {
          method: 'POST',
          path,
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'sec-fetch-site': 'same-origin',
            ...browserHeaders,
          },
          body: new URLSearchParams({ nonce }).toString(),
        };
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

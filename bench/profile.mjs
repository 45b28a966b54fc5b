// `npm run bench:profile`: a CPU profile of the worker (V8's sampling profiler, through the
// inspector port of `wrangler dev`) while it answers consent requests, then while it answers their
// confirmations, the work it hands to `waitUntil` included. Prints where the worker's JavaScript
// spends its time (self time per function, and time per group of functions), and writes both
// profiles to bench/.wrangler/profile/ (open them in Chrome's DevTools). The D1 queries run in
// SQLite inside the same workerd process but outside the worker's JavaScript: they show as time
// the worker waits, not in the profile. Not part of `npm test`; docs/performance.md quotes it.
//
//   npm run bench:profile [-- --count 300] [--port-base 8880]  (two ports: the worker, its inspector)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { inspectWorker } from './lib/inspector.mjs';
import { waitIdle } from './lib/machine.mjs';
import { paths } from './lib/paths.mjs';
import { startSignet, stop } from './lib/servers.mjs';
import { noWidget } from './lib/setup.mjs';
import {
  confirm,
  confirmationLinks,
  inParallel,
  newsletterVersion,
  raiseLimits,
  requestConsent,
} from './lib/traffic.mjs';

const { values: options } = parseArgs({
  options: {
    count: { type: 'string', default: '300' },
    'port-base': { type: 'string', default: '8880' },
  },
});
const count = Number(options.count);
const port = Number(options['port-base']);
const inspectorPort = port + 1;
const log = (line) => console.log(line);

/** Self time per function and per group, from a V8 CPU profile. */
function summarize(profile) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  const intervals = profile.timeDeltas ?? [];
  let total = 0;
  profile.samples.forEach((id, index) => {
    const node = byId.get(id);
    const frame = node.callFrame;
    const name =
      `${frame.functionName || '(anonymous)'} ${frame.url ? `${frame.url.split('/').pop()}:${frame.lineNumber}` : ''}`.trim();
    const ms = (intervals[index] ?? 0) / 1000;
    total += ms;
    self.set(name, (self.get(name) ?? 0) + ms);
  });
  const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 40);
  // Where the time goes by kind: the D1 client (its own code, the fetch to the database and the
  // tracing around each call), the worker's code (the bundle), and the rest.
  const groups = new Map();
  for (const [name, ms] of self) {
    const group = /d1-api|tracing|enterSpan|setAttributes|^fetch$|^text$|^Response$|^Headers$/.test(
      name,
    )
      ? 'D1 client, fetch and tracing'
      : /index\.js/.test(name)
        ? "the worker's own code"
        : /^\((idle)\)/.test(name)
          ? 'idle'
          : /importKey|^sign|digest|encrypt|decrypt|deriveBits/.test(name)
            ? 'Web Crypto'
            : 'other (runtime, GC, streams)';
    groups.set(group, (groups.get(group) ?? 0) + ms);
  }
  return { totalMs: total, top, groups: [...groups.entries()].sort((a, b) => b[1] - a[1]) };
}

async function profiled(session, label, work) {
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: 200 });
  await session.send('Profiler.start');
  await work();
  const { profile } = await session.send('Profiler.stop');
  const folder = join(paths.state, 'profile');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, `${label}.cpuprofile`), JSON.stringify(profile));
  const summary = summarize(profile);
  const idle = summary.top.find(([name]) => name.startsWith('(idle)'))?.[1] ?? 0;
  log(
    `\n${label}: ${count} in the profile; busy ${(summary.totalMs - idle).toFixed(0)} ms of JavaScript and GC (${((summary.totalMs - idle) / count).toFixed(2)} ms each)`,
  );
  for (const [name, ms] of summary.groups) {
    if (name === 'idle') continue;
    log(
      `  ${ms.toFixed(1).padStart(8)} ms  ${((ms / count) * 1000).toFixed(0).padStart(6)} µs each  [${name}]`,
    );
  }
  for (const [name, ms] of summary.top) {
    if (name.startsWith('(idle)')) continue;
    log(
      `  ${ms.toFixed(1).padStart(8)} ms  ${((ms / count) * 1000).toFixed(0).padStart(6)} µs each  ${name}`,
    );
  }
}

const widgetDir = noWidget();
const signet = await startSignet({
  port,
  inspectorPort,
  widgetDir,
  stateDir: join(paths.state, 'profile-signet'),
});
try {
  const base = signet.base;
  await raiseLimits(base, 'sk_demo_local_development_only');
  const version = await newsletterVersion(base);
  const runId = `profile-${Date.now().toString(36)}`;
  log('bench: profiling the worker');
  const session = await inspectWorker(inspectorPort);
  // Warm-up, unprofiled: the first requests compile code and import keys.
  await inParallel(
    Array.from({ length: 20 }, (_, i) => 1_000_000 + i),
    4,
    (n) => requestConsent(base, { site: 'demo', runId, n, wordingVersion: version }),
  );
  await waitIdle([signet.child.pid]);
  const numbers = Array.from({ length: count }, (_, i) => i);
  await profiled(session, 'consent-requests', async () => {
    await inParallel(numbers, 4, (n) =>
      requestConsent(base, { site: 'demo', runId, n, wordingVersion: version }),
    );
    await waitIdle([signet.child.pid]);
  });
  // Fresh requests for the confirmations (unprofiled): the dev mailbox lists the newest 50 only.
  const links = await confirmationLinks(base, {
    runId: `${runId}-c`,
    first: 0,
    count,
    version,
  });
  await waitIdle([signet.child.pid]);
  await profiled(session, 'confirmations', async () => {
    await inParallel(links, 4, (link) => confirm(base, link));
    await waitIdle([signet.child.pid]);
  });
  session.close();
} finally {
  await stop(signet.child);
}

// `npm run bench:exhibit`: the CPU time of making a 3-purpose exhibit PDF in workerd (the
// Workers runtime, under `wrangler dev`, which bundles it as it bundles the API). Workers freeze their clocks while code runs, so the time
// is read from outside: the CPU time (/proc, Linux) the workerd process spends on a request that
// renders the PDF `--renders` times, less that of a request that renders none, divided by the
// count. Prints the figure; not part of `npm test`. docs/performance.md quotes a run.
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { machine, revision } from './lib/machine.mjs';
import { paths } from './lib/paths.mjs';
import { stop, waitFor, wranglerDev } from './lib/servers.mjs';

const { values: options } = parseArgs({
  options: {
    renders: { type: 'string', default: '200' },
    rounds: { type: 'string', default: '5' },
    // The port wrangler dev listens on; the next one is its inspector's.
    port: { type: 'string', default: '8878' },
  },
});
const renders = Number(options.renders);
const rounds = Number(options.rounds);
const ticksPerSecond = 100; // USER_HZ on Linux

/** CPU ticks (user + system) of every process below this one: workerd and its helpers. */
function descendantTicks() {
  const parents = new Map();
  const ticks = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(entry), Number(fields[1]));
      ticks.set(Number(entry), Number(fields[11]) + Number(fields[12]));
    } catch {
      // Ended meanwhile.
    }
  }
  let total = 0;
  for (const [pid, value] of ticks) {
    for (let parent = parents.get(pid); parent; parent = parents.get(parent)) {
      if (parent === process.pid) {
        total += value;
        break;
      }
    }
  }
  return total;
}

mkdirSync(paths.state, { recursive: true });
const logFile = join(paths.state, 'exhibit.log');
const child = wranglerDev(
  [
    '--config',
    join(paths.bench, 'exhibit/wrangler.jsonc'),
    '--port',
    String(options.port),
    '--inspector-port',
    String(Number(options.port) + 1),
    '--show-interactive-dev-session=false',
  ],
  { cwd: join(paths.bench, 'exhibit'), logFile },
);
const base = `http://127.0.0.1:${options.port}`;

async function cpuMs(n) {
  const before = descendantTicks();
  const started = performance.now();
  const answer = await (await fetch(`${base}/?n=${n}`)).json();
  const wall = performance.now() - started;
  return { cpu: ((descendantTicks() - before) * 1000) / ticksPerSecond, wall, bytes: answer.bytes };
}

try {
  await waitFor(`${base}/?n=0`, child);
  // Warm up: the isolate, the module, the fonts' first use.
  await cpuMs(20);
  const perRender = [];
  const wallPerRender = [];
  let bytes = 0;
  for (let round = 0; round < rounds; round += 1) {
    const empty = await cpuMs(0);
    const full = await cpuMs(renders);
    bytes = full.bytes;
    perRender.push((full.cpu - empty.cpu) / renders);
    wallPerRender.push((full.wall - empty.wall) / renders);
  }
  const sorted = [...perRender].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  const round2 = (value) => Math.round(value * 100) / 100;
  const result = {
    measured: new Date().toISOString(),
    revision: revision(),
    machine: machine(),
    pdfBytes: bytes,
    rendersPerRound: renders,
    cpuMsPerPdf: { median: round2(median), rounds: perRender.map(round2) },
    wallMsPerPdf: wallPerRender.map(round2),
  };
  console.log(JSON.stringify(result, null, 2));
  console.log(
    `\nA 3-purpose exhibit PDF (${bytes} bytes) in workerd: ${round2(median)} ms CPU (median of ${rounds} rounds of ${renders}).`,
  );
} finally {
  await stop(child);
}

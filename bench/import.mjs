// `npm run bench:import`: imports a generated Mailchimp audience export of `--rows` rows (100,000
// by default) into `wrangler dev` (local workerd and D1) through the SDK, as `signet import`
// sends them (`--in-flight` calls at a time, 2 as the CLI), and reads the worker's process
// meanwhile: rows per second, its CPU time per call, its resident memory as the import goes
// (peak: VmHWM) and, through the inspector, the worker isolate's JS heap (what a Worker's 128 MB
// limit counts; resident memory also holds the local D1's SQLite, which production runs
// elsewhere): as the import goes, and what it keeps (after a full collection) before and after.
// First, a few call sizes import `--probe` rows each, to choose the size the CLI uses. At the
// end the imported consents are counted in the database itself, against the report. Writes bench/results/import-latest.json and .md; docs/performance.md copies the table.
//
//   npm run bench:import [-- --rows 100000] [--probe 10000] [--per-call 1000] [--in-flight 2]
//                        [--no-build] [--port-base 8984]  (two ports: the worker, its inspector)
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { parseArgs } from 'node:util';
import { d1File } from './lib/d1-size.mjs';
import { inspectWorker } from './lib/inspector.mjs';
import { machine, revision } from './lib/machine.mjs';
import { paths } from './lib/paths.mjs';
import { newKeys, startSignet, stop } from './lib/servers.mjs';
import { npm, snapshotWidget } from './lib/setup.mjs';

const { values: options } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    probe: { type: 'string', default: '10000' },
    'per-call': { type: 'string', default: '1000' },
    'in-flight': { type: 'string', default: '2' },
    // The SDK's dist is built by default; skip it when it was just built from the same source.
    'no-build': { type: 'boolean', default: false },
    'port-base': { type: 'string', default: '8984' },
  },
});
const rows = Number(options.rows);
const probeRows = Number(options.probe);
const perCall = Number(options['per-call']);
const inFlight = Number(options['in-flight']);
// By default outside the other benches' ports (8871-8877) and npm start / e2e (8787-8799).
const portBase = Number(options['port-base']);
const ports = { signet: portBase, inspector: portBase + 1 };
const ticksPerSecond = 100;
const log = (line) => console.log(line);

if (!options['no-build']) {
  log('bench: building the SDK (the worker bundle and this script use its dist)');
  npm(['run', 'build', '--workspace', '@signet/sdk'], paths.repo);
}
const { createSignetAdmin } = await import(join(paths.repo, 'packages/sdk/dist/server.js'));

/** A Mailchimp `subscribed_*.csv` as its export writes it, `count` rows from `from`, streamed. */
async function mailchimpFile(file, from, count) {
  const out = createWriteStream(file);
  const write = async (text) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(
    '"Email Address","First Name","Last Name",MEMBER_RATING,OPTIN_TIME,OPTIN_IP,CONFIRM_TIME,CONFIRM_IP,LATITUDE,LONGITUDE,GMTOFF,DSTOFF,TIMEZONE,CC,REGION,LAST_CHANGED,LEID,EUID,NOTES,TAGS\r\n',
  );
  for (let i = from; i < from + count; i += 1) {
    const day = String((i % 28) + 1).padStart(2, '0');
    await write(
      `bench-${i}@example.org,"Vorname ${i}","Nachname, ${i}",2,"2023-04-${day} 10:15:00",203.0.113.${i % 250},"2023-04-${day} 10:17:42",198.51.100.${i % 250},,,,,,DE,,"2024-01-01 00:00:00",${i},e${i},,\r\n`,
    );
  }
  out.end();
  await once(out, 'finish');
}

/**
 * The workerd processes of the `wrangler dev` group: the one that runs the worker and its local
 * D1, and a small one beside it. CPU time is counted over all of them; memory is the worker's
 * (the one that used the most CPU).
 */
function workerdPids(groupId) {
  const listed = execFileSync('ps', ['-o', 'pid=,comm=', '-g', String(groupId)], {
    encoding: 'utf8',
  });
  const pids = listed
    .split('\n')
    .filter((entry) => /workerd/.test(entry))
    .map((entry) => Number(entry.trim().split(/\s+/)[0]));
  if (pids.length === 0) throw new Error('no workerd process in the wrangler dev group');
  return pids;
}

function cpuSecondsOf(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

function processNow(pids) {
  const cpu = pids.map(cpuSecondsOf);
  const busiest = pids[cpu.indexOf(Math.max(...cpu))];
  const status = readFileSync(`/proc/${busiest}/status`, 'utf8');
  const kib = (name) => Number(status.match(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm'))?.[1] ?? 0);
  return {
    cpuSeconds: cpu.reduce((a, b) => a + b, 0),
    rssMiB: kib('VmRSS') / 1024,
    // Resident memory of the process's own allocations (V8 heaps, SQLite's page cache, malloc)
    // and of mapped files: which one grows says where to look.
    anonMiB: kib('RssAnon') / 1024,
    fileMiB: kib('RssFile') / 1024,
    peakMiB: kib('VmHWM') / 1024,
  };
}

/** The local D1 file and its write-ahead log, in MiB. */
function d1MiB(persistTo) {
  const file = d1File(persistTo);
  const size = (path) => (existsSync(path) ? statSync(path).size : 0);
  return (size(file) + size(`${file}-wal`)) / 2 ** 20;
}

async function* text(file) {
  const decoder = new TextDecoder();
  for await (const chunk of createReadStream(file)) yield decoder.decode(chunk, { stream: true });
}

/** Imports one file, reading the worker after every call. */
async function runImport(admin, pid, file, rowsPerCall) {
  const before = processNow(pid);
  const started = performance.now();
  const outcome = await admin.imports.run(
    text(file),
    {
      format: 'mailchimp',
      kind: 'csv',
      purpose: 'newsletter',
      rowsPerCall,
      callsInFlight: inFlight,
    },
    { timeoutMs: 120_000 },
  );
  const seconds = (performance.now() - started) / 1000;
  const after = processNow(pid);
  if (outcome.error)
    throw new Error(`import failed: ${outcome.error.code}: ${outcome.error.message}`);
  const calls = Math.ceil(outcome.report.rows / rowsPerCall);
  return {
    rowsPerCall,
    rows: outcome.report.rows,
    imported: outcome.report.imported,
    skipped: outcome.report.skipped.length,
    seconds: Math.round(seconds * 10) / 10,
    rowsPerSecond: Math.round(outcome.report.rows / seconds),
    calls,
    cpuSecondsPerCall: Math.round(((after.cpuSeconds - before.cpuSeconds) / calls) * 1000) / 1000,
    wallSecondsPerCall: Math.round((seconds / calls) * 1000) / 1000,
  };
}

/** Imported consents in the stopped worker's database: the figure the report must match. */
async function importedInDatabase(persistTo) {
  // workerd may hold the file for a moment after wrangler has exited.
  for (let attempt = 1; ; attempt += 1) {
    const db = new DatabaseSync(d1File(persistTo), { readOnly: true });
    try {
      return db.prepare("SELECT COUNT(*) AS n FROM consents WHERE basis = 'imported'").get().n;
    } catch (error) {
      if (attempt === 30 || !/locked|busy/.test(String(error))) throw error;
    } finally {
      db.close();
    }
    await new Promise((done) => setTimeout(done, 1000));
  }
}

/** The samples at every `step` rows (the first at or after it), and the last. */
function memoryEvery(samples, step, total) {
  const out = [samples[0]];
  for (let at = step; at < total; at += step) {
    const sample = samples.find((entry) => entry.rows >= at);
    if (sample && sample !== out.at(-1)) out.push(sample);
  }
  if (samples.at(-1) !== out.at(-1)) out.push(samples.at(-1));
  return out;
}

/** Growth of one reading (`rssMiB`, `heapUsedMiB`...) per 10,000 rows between two samples. */
const growthPer10k = (from, to, key = 'rssMiB') =>
  to.rows > from.rows ? Math.round(((to[key] - from[key]) / (to.rows - from.rows)) * 1e5) / 10 : 0;

const started = new Date();
const result = {
  date: started.toISOString(),
  machine: machine(),
  revision: revision(),
  rows,
  callsInFlight: inFlight,
};
const stateDir = join(paths.state, 'import');
const widgetDir = await snapshotWidget({ log });
const server = await startSignet({
  port: ports.signet,
  inspectorPort: ports.inspector,
  widgetDir,
  stateDir,
  keys: newKeys(),
});
let probesImported = 0;
try {
  const pid = workerdPids(server.child.pid);
  const admin = createSignetAdmin({
    endpoint: `http://127.0.0.1:${ports.signet}`,
    site: 'demo',
    apiKey: 'sk_demo_local_development_only',
    timeoutMs: 120_000,
    maxRetries: 0,
  });
  const files = join(stateDir, 'files');
  mkdirSync(files, { recursive: true });

  result.probes = [];
  let next = 0;
  for (const size of [500, 1000, 2500, 5000]) {
    const file = join(files, `probe-${size}.csv`);
    await mailchimpFile(file, next, probeRows);
    next += probeRows;
    const probe = await runImport(admin, pid, file, size);
    log(
      `probe ${size} rows/call: ${probe.rowsPerSecond} rows/s, ${probe.cpuSecondsPerCall} s CPU per call`,
    );
    probesImported += probe.imported;
    result.probes.push(probe);
  }

  const file = join(files, 'audience.csv');
  await mailchimpFile(file, next, rows);
  const step = rows >= 50_000 ? 10_000 : Math.max(Math.round(rows / 10), 1);
  const inspector = await inspectWorker(ports.inspector);
  const persistTo = join(stateDir, 'd1');
  const round = (n) => Math.round(n * 10) / 10;
  /** Process, database and heap, every second. */
  const sample = async (rowsNow) => {
    const now = processNow(pid);
    const entry = {
      rows: rowsNow,
      rssMiB: round(now.rssMiB),
      anonMiB: round(now.anonMiB),
      fileMiB: round(now.fileMiB),
      d1MiB: round(d1MiB(persistTo)),
      cpuSeconds: Math.round(now.cpuSeconds * 100) / 100,
    };
    const heap = await inspector.heap();
    return { ...entry, heapUsedMiB: round(heap.usedMiB), heapTotalMiB: round(heap.totalMiB) };
  };
  const retainedAtStart = await inspector.retainedMiB();
  const memory = [await sample(0)];
  const pid0 = processNow(pid);
  let sent = 0;
  let sampling = true;
  // A failed reading fails the run after the import, so the finally below still stops workerd.
  const sampler = (async () => {
    while (sampling) {
      await new Promise((done) => setTimeout(done, 1000));
      if (sampling) memory.push(await sample(sent));
    }
  })().catch((error) => error);
  const startedRun = performance.now();
  const before = processNow(pid);
  const outcome = await admin.imports.run(text(file), {
    format: 'mailchimp',
    kind: 'csv',
    purpose: 'newsletter',
    rowsPerCall: perCall,
    callsInFlight: inFlight,
    onProgress: (_call, soFar) => {
      sent = soFar;
    },
  });
  const seconds = (performance.now() - startedRun) / 1000;
  const after = processNow(pid);
  sampling = false;
  const failedReading = await sampler;
  if (failedReading) throw failedReading;
  memory.push(await sample(sent));
  const retainedAtEnd = await inspector.retainedMiB();
  inspector.close();
  if (outcome.error)
    throw new Error(`import failed: ${outcome.error.code}: ${outcome.error.message}`);
  const calls = Math.ceil(outcome.report.rows / perCall);
  const cpuSeconds = after.cpuSeconds - before.cpuSeconds;
  result.run = {
    rowsPerCall: perCall,
    rows: outcome.report.rows,
    imported: outcome.report.imported,
    skipped: outcome.report.skipped.length,
    seconds: Math.round(seconds * 10) / 10,
    rowsPerSecond: Math.round(outcome.report.rows / seconds),
    cpuSecondsPerCall: Math.round((cpuSeconds / calls) * 1000) / 1000,
    rowsPerCpuSecond: Math.round(outcome.report.rows / cpuSeconds),
    peakMiB: Math.round(after.peakMiB),
    rssAtStartMiB: Math.round(pid0.rssMiB),
    rssAtEndMiB: Math.round(after.rssMiB),
  };
  result.memoryByRows = memoryEvery(memory, step, rows);
  // Whether a call costs more as the database grows: workerd's CPU per 1,000 rows answered since
  // the sample before (the rows sealed in the background lag the answers by a call or two).
  result.memoryByRows.forEach((entry, i, all) => {
    const before = all[i - 1];
    entry.cpuSecondsPer1000Rows =
      before && entry.rows > before.rows
        ? Math.round(((entry.cpuSeconds - before.cpuSeconds) / (entry.rows - before.rows)) * 1e5) /
          100
        : null;
  });
  const half = result.memoryByRows[Math.floor((result.memoryByRows.length - 1) / 2)];
  const first = result.memoryByRows[0];
  const last = result.memoryByRows.at(-1);
  const growth = (key) => ({
    wholeRun: growthPer10k(first, last, key),
    secondHalf: growthPer10k(half, last, key),
  });
  result.run.memoryMiBPer10kRows = growth('rssMiB');
  result.run.heapMiBPer10kRows = growth('heapUsedMiB');
  result.run.anonMiBPer10kRows = growth('anonMiB');
  result.run.d1MiBPer10kRows = growth('d1MiB');
  result.run.heapPeakUsedMiB = Math.max(...memory.map((entry) => entry.heapUsedMiB));
  result.run.heapRetainedAtStartMiB = round(retainedAtStart);
  result.run.heapRetainedAtEndMiB = round(retainedAtEnd);
  result.loadAverageAtEnd = machine().loadAverageAtStart;
} finally {
  await stop(server.child);
}
// Counted in the database, not added up from the reports: the run's report must say the same.
result.run.importedInDatabase = (await importedInDatabase(join(stateDir, 'd1'))) - probesImported;
if (result.run.importedInDatabase !== result.run.imported) {
  log(
    `bench: the report says ${result.run.imported} imported, the database holds ${result.run.importedInDatabase}`,
  );
  process.exitCode = 1;
}

const fmt = (n) => n.toLocaleString('en-GB');
const r = result.run;
const md = [
  `Run ${result.date} on ${result.machine.cpu}, ${result.machine.cores} cores, ${result.machine.ramGiB} GiB; Node ${result.machine.node}; Signet at ${result.revision.commit}${result.revision.packagesChanged ? ' (with uncommitted changes)' : ''}. Load average at the start ${result.machine.loadAverageAtStart.join(' / ')}, at the end ${result.loadAverageAtEnd.join(' / ')}. ${result.callsInFlight} call(s) in flight.`,
  '',
  '| Rows per call | Rows | Rows/s | workerd CPU per call | Wall time per call |',
  '| ---: | ---: | ---: | ---: | ---: |',
  ...result.probes.map(
    (p) =>
      `| ${fmt(p.rowsPerCall)} | ${fmt(p.rows)} | ${fmt(p.rowsPerSecond)} | ${p.cpuSecondsPerCall} s | ${p.wallSecondsPerCall} s |`,
  ),
  '',
  `${fmt(r.rows)} rows at ${fmt(r.rowsPerCall)} rows per call: ${fmt(r.imported)} imported by the report, ${fmt(r.importedInDatabase)} in the database, ${fmt(r.skipped)} skipped, in ${r.seconds} s: **${fmt(r.rowsPerSecond)} rows/s**; ${r.cpuSecondsPerCall} s of workerd CPU per call (${fmt(r.rowsPerCpuSecond)} rows per CPU-second, sealing included); workerd resident memory ${r.rssAtStartMiB} MiB at the start, ${r.rssAtEndMiB} MiB at the end, peak (VmHWM) ${r.peakMiB} MiB; growth ${r.memoryMiBPer10kRows.wholeRun} MiB per 10,000 rows over the run, ${r.memoryMiBPer10kRows.secondHalf} MiB per 10,000 rows over its second half.`,
  '',
  `The worker isolate's JS heap (what a Worker's memory limit counts): ${r.heapRetainedAtStartMiB} MiB kept after a full collection before the run, ${r.heapRetainedAtEndMiB} MiB after it; in use (garbage included) at most ${r.heapPeakUsedMiB} MiB, ${r.heapMiBPer10kRows.wholeRun} MiB per 10,000 rows over the run. workerd's own allocations (RssAnon, which hold the local D1's SQLite too) ${r.anonMiBPer10kRows.wholeRun} MiB per 10,000 rows; the local D1 file and its log ${r.d1MiBPer10kRows.wholeRun} MiB per 10,000 rows.`,
  '',
  '| Rows answered | workerd CPU per 1,000 rows since the row above | workerd resident (RSS) | of it anonymous | of it mapped files | Local D1 file and WAL | Isolate JS heap in use / reserved |',
  '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...result.memoryByRows.map(
    (m) =>
      `| ${fmt(m.rows)} | ${m.cpuSecondsPer1000Rows === null ? '' : `${m.cpuSecondsPer1000Rows} s`} | ${m.rssMiB} MiB | ${m.anonMiB} MiB | ${m.fileMiB} MiB | ${m.d1MiB} MiB | ${m.heapUsedMiB} / ${m.heapTotalMiB} MiB |`,
  ),
  '',
].join('\n');
mkdirSync(paths.results, { recursive: true });
writeFileSync(join(paths.results, 'import-latest.json'), `${JSON.stringify(result, null, 2)}\n`);
writeFileSync(join(paths.results, 'import-latest.md'), md);
log(md);

// `node bench/import-profile.mjs [--rows 1000] [--calls 3] [--port-base 8986]`: where the worker's CPU goes in import
// calls. Starts the worker as bench:import does (wrangler dev, local D1), imports `--calls - 1`
// calls first (a site that already has consents), then takes a V8 CPU profile of the worker
// over one more call of `--rows` rows and the background sealing it starts, through the
// inspector. Prints self time by function and by source file; writes the .cpuprofile beside
// the results. Needs the SDK and widget built (`npm run build`).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire, SourceMap } from 'node:module';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { paths } from './lib/paths.mjs';
import { newKeys, startSignet, stop } from './lib/servers.mjs';
import { snapshotWidget } from './lib/setup.mjs';

const { values: options } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000' },
    calls: { type: 'string', default: '3' },
    'settle-ms': { type: 'string', default: '8000' },
    'summarise-only': { type: 'boolean', default: false },
    // Without a signing key nothing is sealed: the call's own cost, without the sequencer's.
    'no-seal': { type: 'boolean', default: false },
    // Two ports from here: the worker, its inspector.
    'port-base': { type: 'string', default: '8986' },
  },
});
const rows = Number(options.rows);
const ports = { signet: Number(options['port-base']), inspector: Number(options['port-base']) + 1 };
const WebSocket = createRequire(join(paths.repo, 'package.json'))('ws');

function mailchimp(from, count) {
  const lines = [
    '"Email Address","First Name","Last Name",MEMBER_RATING,OPTIN_TIME,OPTIN_IP,CONFIRM_TIME,CONFIRM_IP,LATITUDE,LONGITUDE,GMTOFF,DSTOFF,TIMEZONE,CC,REGION,LAST_CHANGED,LEID,EUID,NOTES,TAGS',
  ];
  for (let i = from; i < from + count; i += 1) {
    const day = String((i % 28) + 1).padStart(2, '0');
    lines.push(
      `prof-${i}@example.org,"Vorname ${i}","Nachname, ${i}",2,"2023-04-${day} 10:15:00",203.0.113.${i % 250},"2023-04-${day} 10:17:42",198.51.100.${i % 250},,,,,,DE,,"2024-01-01 00:00:00",${i},e${i},,`,
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

function inspector(url) {
  const socket = new WebSocket(url, { headers: { Origin: 'http://localhost' } });
  let next = 1;
  const waiting = new Map();
  socket.on('message', (data) => {
    const message = JSON.parse(String(data));
    if (message.id && waiting.has(message.id)) {
      waiting.get(message.id)(message);
      waiting.delete(message.id);
    }
  });
  const opened = new Promise((done, failed) => {
    socket.once('open', done);
    socket.once('error', failed);
  });
  return {
    opened,
    send(method, params = {}) {
      const id = next++;
      socket.send(JSON.stringify({ id, method, params }));
      return new Promise((done) => waiting.set(id, done));
    },
    close: () => socket.close(),
  };
}

async function importCall(base, body, firstRow) {
  const started = performance.now();
  const response = await fetch(
    `${base}/v1/admin/imports?format=mailchimp&purpose=newsletter&firstRow=${firstRow}`,
    {
      method: 'POST',
      headers: {
        authorization: 'Bearer sk_demo_local_development_only',
        'signet-site': 'demo',
        'content-type': 'text/csv; charset=utf-8',
      },
      body,
    },
  );
  const report = await response.json();
  return { status: response.status, report, ms: performance.now() - started };
}

/** CPU seconds of the workerd processes of the wrangler dev group (worker and its local D1). */
function workerdCpu(groupId) {
  const listed = execFileSync('ps', ['-o', 'pid=,comm=', '-g', String(groupId)], {
    encoding: 'utf8',
  });
  return listed
    .split('\n')
    .filter((entry) => /workerd/.test(entry))
    .map((entry) => {
      const pid = Number(entry.trim().split(/\s+/)[0]);
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100;
    })
    .reduce((a, b) => a + b, 0);
}

/** The bundle's frames named by their source (file, line, name) through its source map. */
function sourceNamer(mapFile) {
  const map = new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8')));
  return (frame) => {
    if (!frame.url.endsWith('index.js')) {
      return `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop()}`;
    }
    const origin = map.findOrigin(frame.lineNumber + 1, frame.columnNumber + 1);
    if (!origin?.fileName) return `${frame.functionName} index.js`;
    const file = origin.fileName.replace(/^.*?(packages|node_modules)\//, '$1/');
    return `${origin.name ?? frame.functionName} ${file}:${origin.lineNumber}`;
  };
}

/** Self time per function and per file, from the profile's samples. */
function summarise(profile, nameOf) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  const deltas = profile.timeDeltas;
  profile.samples.forEach((id, i) => {
    self.set(id, (self.get(id) ?? 0) + (deltas[i] ?? 0));
  });
  const byFunction = new Map();
  const byFile = new Map();
  let total = 0;
  for (const [id, us] of self) {
    const frame = byId.get(id).callFrame;
    const name = nameOf(frame);
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
    const file = name.split(' ').pop().replace(/:\d+$/, '') || frame.functionName;
    byFile.set(file, (byFile.get(file) ?? 0) + us);
    total += us;
  }
  const top = (map, n) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, us]) => `${(us / 1000).toFixed(1).padStart(8)} ms  ${name}`);
  // Time under each function, its callees included (a name counted once per stack).
  const inclusive = new Map();
  const parent = new Map();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  for (const [id, us] of self) {
    const names = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      names.add(nameOf(byId.get(at).callFrame).replace(/:\d+$/, ''));
    }
    for (const name of names) inclusive.set(name, (inclusive.get(name) ?? 0) + us);
  }
  return {
    total,
    functions: top(byFunction, 60),
    files: top(byFile, 30),
    inclusive: top(inclusive, 60),
  };
}

if (process.argv.includes('--summarise-only')) {
  const dir = join(paths.state, 'import-profile');
  const profile = JSON.parse(readFileSync(join(dir, 'call.cpuprofile'), 'utf8'));
  const summary = summarise(profile, sourceNamer(join(dir, 'bundle', 'index.js.map')));
  console.log(
    [
      'by file:',
      ...summary.files,
      '',
      'self:',
      ...summary.functions,
      '',
      'inclusive:',
      ...summary.inclusive,
    ].join('\n'),
  );
  process.exit(0);
}
const widgetDir = await snapshotWidget();
const server = await startSignet({
  port: ports.signet,
  inspectorPort: ports.inspector,
  widgetDir,
  stateDir: join(paths.state, 'import-profile'),
  keys: options['no-seal'] ? { ...newKeys(), signingKey: null } : newKeys(),
});
try {
  const base = `http://127.0.0.1:${ports.signet}`;
  const calls = Number(options.calls);
  for (let call = 0; call < calls - 1; call += 1) {
    const warm = await importCall(base, mailchimp(call * rows, rows), 1);
    console.log(
      `warm-up call ${call + 1}: ${warm.status} ${warm.report.imported} imported, ${Math.round(warm.ms)} ms`,
    );
  }
  const settle = () => new Promise((done) => setTimeout(done, Number(options['settle-ms'])));
  await settle();
  // Without the profiler (whose sampling costs CPU too): idle, then one more call and its sealing.
  let cpuAt = workerdCpu(server.child.pid);
  await settle();
  const idle = workerdCpu(server.child.pid) - cpuAt;
  cpuAt = workerdCpu(server.child.pid);
  const plain = await importCall(base, mailchimp(calls * rows, rows), 1);
  await settle();
  const plainCpu = workerdCpu(server.child.pid) - cpuAt - idle;
  console.log(
    `unprofiled call: ${plain.status} ${plain.report.imported} imported, ${Math.round(plain.ms)} ms wall, workerd CPU ${plainCpu.toFixed(2)} s (call and sealing, idle ${idle.toFixed(2)} s per ${options['settle-ms']} ms taken off)`,
  );
  const cdp = inspector(`ws://127.0.0.1:${ports.inspector}/ws`);
  await cdp.opened;
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  const cpuBefore = workerdCpu(server.child.pid);
  await cdp.send('Profiler.start');
  const measured = await importCall(base, mailchimp((calls - 1) * rows, rows), 1);
  // The response goes before the background sealing ends: wait for it too.
  await new Promise((done) => setTimeout(done, Number(options['settle-ms'])));
  const { result } = await cdp.send('Profiler.stop');
  const cpu = workerdCpu(server.child.pid) - cpuBefore;
  cdp.close();
  console.log(
    `profiled call: ${measured.status} ${measured.report.imported} imported, ${Math.round(measured.ms)} ms wall, workerd CPU ${cpu.toFixed(2)} s (call and sealing)`,
  );
  mkdirSync(join(paths.state, 'import-profile'), { recursive: true });
  const file = join(paths.state, 'import-profile', 'call.cpuprofile');
  writeFileSync(file, JSON.stringify(result.profile));
  const nameOf = sourceNamer(join(paths.state, 'import-profile', 'bundle', 'index.js.map'));
  const summary = summarise(result.profile, nameOf);
  console.log(
    `\nsampled JS time (idle and program excluded below): ${(summary.total / 1000).toFixed(0)} ms\n`,
  );
  console.log('by file:');
  console.log(summary.files.join('\n'));
  console.log('\nby function (self time):');
  console.log(summary.functions.join('\n'));
  console.log('\nby function, callees included:');
  console.log(summary.inclusive.join('\n'));
  console.log(`\nprofile: ${file}`);
} finally {
  await stop(server.child);
}

// `npm run bench`: Signet's widget against vanilla-cookieconsent and Klaro in headless Chromium,
// and Signet's API against a floor worker on `wrangler dev`; writes bench/results/latest.json,
// latest.md and a dated copy of each, and prints the tables. Not part of `npm test`.
//
//   npm run bench [-- --only widget|api|cost] [--loads 20] [--api-seconds 10] [--api-rounds 3]
//                 [--connections 10] [--cost-count 200] [--build] [--port-base 8871]
//
// `--only cost` measures the cost of one consent alone (bench/lib/cost.mjs) and writes it into
// bench/results/latest.json and latest.md in place of the cost part they held, the rest kept.
//
// docs/performance.md explains every figure. The scale figures (docs/scaling.md) are a separate
// run: `npm run bench:scale` (bench/scale.mjs).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { paths } from './lib/paths.mjs';
import { ensureBenchDependencies, noWidget, snapshotWidget } from './lib/setup.mjs';

const { values: options } = parseArgs({
  options: {
    only: { type: 'string' },
    loads: { type: 'string', default: '20' },
    'warmup-rounds': { type: 'string', default: '1' },
    'api-seconds': { type: 'string', default: '10' },
    'api-rounds': { type: 'string', default: '3' },
    'api-warmup-seconds': { type: 'string', default: '3' },
    connections: { type: 'string', default: '10' },
    'cost-count': { type: 'string', default: '200' },
    build: { type: 'boolean', default: false },
    'port-base': { type: 'string', default: '8871' },
  },
});
// Five ports from --port-base on: by default outside 8787-8799 (npm start, the shop example, e2e
// and CI use those); two runs on one machine (two worktrees) each take their own base.
const portBase = Number(options['port-base']);
const ports = {
  signet: portBase,
  floor: portBase + 1,
  pages: portBase + 2,
  signetInspector: portBase + 3,
  floorInspector: portBase + 4,
};
const demoKey = 'sk_demo_local_development_only';
const log = (line) => console.log(line);

ensureBenchDependencies(log);
const { startFloor, startSignet, stop } = await import('./lib/servers.mjs');
const { machine, revision } = await import('./lib/machine.mjs');
const { markdown } = await import('./lib/report.mjs');

const started = new Date();
const result = {
  date: started.toISOString(),
  machine: machine(),
  chromium: null,
  revision: revision(),
};
const children = [];
const cleanUp = async () => {
  for (const child of children) await stop(child);
};
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    void cleanUp().finally(() => process.exit(130));
  });
}

try {
  // A run of the API only (or of the cost of a consent) serves no widget: nothing to build.
  const apiOnly = options.only === 'cost' || options.only === 'api';
  const widgetDir = apiOnly ? noWidget() : await snapshotWidget({ build: options.build, log });
  if (!apiOnly) {
    const signetJs = readFileSync(join(widgetDir, 'signet.js'));
    result.revision.signetJsSha256 = createHash('sha256')
      .update(signetJs)
      .digest('hex')
      .slice(0, 16);
  }

  if (options.only !== 'widget') {
    // A worker of its own, stopped before the others start on its ports: the meter must not
    // slow the throughput figures down.
    log(`bench: starting Signet with its D1 meter (wrangler dev, port ${ports.signet})`);
    const metered = await startSignet({
      port: ports.signet,
      inspectorPort: ports.signetInspector,
      widgetDir,
      stateDir: join(paths.state, 'cost'),
      vars: ['COST_METER:on'],
    });
    children.push(metered.child);
    const { benchCost } = await import('./lib/cost.mjs');
    const count = Number(options['cost-count']);
    log(`bench: the cost of a consent (${count} requests, then their confirmations)`);
    result.cost = {
      date: new Date().toISOString(),
      machine: machine(),
      revision: revision(),
      ...(await benchCost({
        base: metered.base,
        group: metered.child.pid,
        persistTo: metered.persistTo,
        apiKey: demoKey,
        count,
        log,
      })),
    };
    await stop(metered.child);
    log(`bench: the floor's cost per request (wrangler dev, port ${ports.floor})`);
    const bare = await startFloor({
      port: ports.floor,
      inspectorPort: ports.floorInspector,
      stateDir: join(paths.state, 'floor-cost'),
    });
    children.push(bare.child);
    const { benchFloorCost } = await import('./lib/cost.mjs');
    result.cost.floor = await benchFloorCost({
      base: bare.base,
      group: bare.child.pid,
      count,
      log,
    });
    await stop(bare.child);
  }

  const signet =
    options.only === 'cost'
      ? null
      : await startSignet({
          port: ports.signet,
          inspectorPort: ports.signetInspector,
          widgetDir,
          stateDir: join(paths.state, 'signet'),
        });
  if (signet) {
    log(`bench: started Signet (wrangler dev, port ${ports.signet})`);
    children.push(signet.child);
  }

  if (options.only !== 'api' && options.only !== 'cost') {
    const { chromium } = await import('@playwright/test');
    const { startStatic } = await import('./lib/static-server.mjs');
    const { benchWidget, launchChromium, toolPages } = await import('./lib/widget.mjs');
    // The form configuration the real API gives, recorded now and served beside the page.
    const formConfig = await (await fetch(`${signet.base}/v1/sites/demo/form?locale=en`)).text();
    const server = await startStatic({
      port: ports.pages,
      pages: toolPages(),
      mounts: {
        '/signet/': widgetDir,
        '/cookieconsent/': join(paths.modules, 'vanilla-cookieconsent/dist'),
        '/klaro/': join(paths.modules, 'klaro/dist'),
        '/pages/': paths.pages,
      },
      json: { '/v1/sites/demo/form': formConfig },
    });
    const browser = await launchChromium(chromium);
    try {
      result.chromium = browser.version();
      const versions = {};
      for (const name of ['vanilla-cookieconsent', 'klaro']) {
        const file = join(paths.modules, name, 'package.json');
        versions[name] = JSON.parse(readFileSync(file, 'utf8')).version;
      }
      log(
        `bench: widget against vanilla-cookieconsent ${versions['vanilla-cookieconsent']} and Klaro ${versions.klaro} (${options.loads} loads each per profile)`,
      );
      result.widget = {
        versions,
        formConfig:
          'recorded from the running API at the start of the run, served by the page server',
        ...(await benchWidget({
          browser,
          base: `http://127.0.0.1:${ports.pages}`,
          loads: Number(options.loads),
          warmupRounds: Number(options['warmup-rounds']),
          log,
        })),
      };
    } finally {
      await browser.close();
      server.close();
    }
  }

  if (options.only !== 'widget' && options.only !== 'cost') {
    const { benchApi } = await import('./lib/api.mjs');
    log(`bench: starting the floor worker (wrangler dev, port ${ports.floor})`);
    const floor = await startFloor({
      port: ports.floor,
      inspectorPort: ports.floorInspector,
      stateDir: join(paths.state, 'floor'),
    });
    children.push(floor.child);
    log(`bench: API against its floor (${options.connections} connections)`);
    result.api = await benchApi({
      signetBase: signet.base,
      floorBase: floor.base,
      apiKey: demoKey,
      serverGroups: [signet.child.pid, floor.child.pid],
      connections: Number(options.connections),
      seconds: Number(options['api-seconds']),
      rounds: Number(options['api-rounds']),
      warmupSeconds: Number(options['api-warmup-seconds']),
      log,
    });
  }
} finally {
  await cleanUp();
}

result.seconds = Math.round((Date.now() - started.getTime()) / 1000);
mkdirSync(paths.results, { recursive: true });
// A partial run (--only) keeps the last full results as they are, but for the cost of a consent,
// which replaces its own part of them.
let written = result;
let names = options.only ? ['partial'] : ['latest', started.toISOString().slice(0, 10)];
if (options.only === 'cost') {
  const latest = JSON.parse(readFileSync(join(paths.results, 'latest.json'), 'utf8'));
  written = { ...latest, cost: result.cost };
  names = ['latest'];
}
const table = markdown(written);
for (const name of names) {
  writeFileSync(join(paths.results, `${name}.json`), `${JSON.stringify(written, null, 2)}\n`);
  writeFileSync(join(paths.results, `${name}.md`), table);
}
console.log(`\n${table}`);
log(`bench: wrote ${names.map((name) => `bench/results/${name}.{json,md}`).join(' and ')}`);

// `npm run bench:widget-ab -- --b <folder> [--a <folder>] [--loads 30] [--cpu 4] [--order shuffled]`:
// two builds of signet.js side by side, to tell whether a change to the widget moves its time to
// an interactive form, before a full `npm run bench` (issue 23). Each folder holds a built
// `packages/widget/dist` (copy it aside before rebuilding); `--a` defaults to the current build.
//
// The pages, the probe and the loads are the widget bench's (lib/widget.mjs): the same page
// template with the embed snippet and its preload hint, a fresh browser context per load,
// interactive = the first frame with an enabled, laid-out purpose checkbox. Beside the two
// builds it loads vanilla-cookieconsent (the peer of the bench's 1.5x goal) and the page with a
// plain <input type="checkbox"> instead of a tool: what any page takes to a tickable box, so
// that a build's own share is its time above that. The order is shuffled every round, so that no
// build always follows the same page (`--order rotated` shifts it by one instead, which keeps
// each page after the same one). Prints medians and quartiles; writes nothing.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { paths } from './lib/paths.mjs';
import { ensureBenchDependencies, snapshotWidget } from './lib/setup.mjs';
import { median, percentile, round } from './lib/stats.mjs';

const { values: options } = parseArgs({
  options: {
    a: { type: 'string' },
    b: { type: 'string' },
    loads: { type: 'string', default: '30' },
    cpu: { type: 'string', default: '4' },
    // shuffled: a new order every round (a fixed seed); rotated: the order shifted by one.
    order: { type: 'string', default: 'shuffled' },
    // Three ports from here: the worker (to record the form's configuration), its inspector, the pages.
    'port-base': { type: 'string', default: '8961' },
  },
});
if (!['shuffled', 'rotated'].includes(options.order)) {
  console.error('bench:widget-ab: --order is shuffled or rotated');
  process.exit(2);
}
if (!options.b) {
  console.error('bench:widget-ab: say which build to compare with --b <folder with signet.js>');
  process.exit(2);
}
ensureBenchDependencies();
const folders = {
  a: options.a ? resolve(options.a) : await snapshotWidget(),
  b: resolve(options.b),
};
for (const [name, folder] of Object.entries(folders)) {
  if (!existsSync(join(folder, 'signet.js'))) {
    console.error(`bench:widget-ab: --${name} ${folder} has no signet.js`);
    process.exit(2);
  }
}
const loads = Number(options.loads);
const cpu = Number(options.cpu);
const portBase = Number(options['port-base']);

const { chromium } = await import('@playwright/test');
const { startSignet, stop } = await import('./lib/servers.mjs');
const { startStatic } = await import('./lib/static-server.mjs');
const { launchChromium, oneLoad, toolPage, tools } = await import('./lib/widget.mjs');

// The form's configuration as the real API gives it, recorded once and served beside the pages.
const worker = await startSignet({
  port: portBase,
  inspectorPort: portBase + 1,
  widgetDir: folders.a,
  stateDir: join(paths.state, 'widget-ab'),
});
let formConfig;
try {
  formConfig = await (await fetch(`${worker.base}/v1/sites/demo/form?locale=en`)).text();
} finally {
  await stop(worker.child);
}

const signet = tools.find((tool) => tool.key === 'signet');
const build = (key) => ({
  key,
  name: `Signet, --${key}`,
  head: signet.head.replace('/signet/', `/${key}/`),
  body: signet.body,
});
const variants = [
  build('a'),
  build('b'),
  tools.find((tool) => tool.key === 'cookieconsent'),
  {
    key: 'checkbox',
    name: 'a plain checkbox',
    head: '',
    body: '      <label><input type="checkbox" /> Newsletter</label>',
  },
];
const server = await startStatic({
  port: portBase + 2,
  pages: Object.fromEntries(variants.map((variant) => [`/${variant.key}.html`, toolPage(variant)])),
  mounts: {
    '/a/': folders.a,
    '/b/': folders.b,
    '/cookieconsent/': join(paths.modules, 'vanilla-cookieconsent/dist'),
    '/pages/': paths.pages,
  },
  json: { '/v1/sites/demo/form': formConfig },
});
const browser = await launchChromium(chromium);
const profile = { cpu, network: null };
const rotated = (round) => {
  const shift = ((round % variants.length) + variants.length) % variants.length;
  return [...variants.slice(shift), ...variants.slice(0, shift)];
};
// A fixed seed, so that two runs load in the same order.
let seed = 1;
const random = () => {
  seed = (seed * 16807) % 2147483647;
  return seed / 2147483647;
};
const shuffled = () => {
  const order = [...variants];
  for (let i = order.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
};
const times = Object.fromEntries(variants.map((variant) => [variant.key, []]));
let failed = 0;
try {
  console.log(
    `bench:widget-ab: ${loads} loads each, ${cpu}x CPU throttling, ${options.order} order; --a ${folders.a}, --b ${folders.b}`,
  );
  for (let round = -1; round < loads; round += 1) {
    const order = options.order === 'rotated' ? rotated(round) : shuffled();
    for (const variant of order) {
      const url = `http://127.0.0.1:${portBase + 2}/${variant.key}.html`;
      const load = await oneLoad(browser, url, profile, 45_000);
      if (round < 0) continue;
      if (load.ok) times[variant.key].push(load.interactiveMs);
      else failed += 1;
    }
  }
} finally {
  await browser.close();
  server.close();
}

const quartiles = (values) =>
  `${round(percentile(values, 25), 0)}–${round(percentile(values, 75), 0)}`;
const baseline = median(times.checkbox);
console.log('');
console.log('| Page | Interactive, median | Quartiles | Above the plain checkbox | Loads |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const variant of variants) {
  const values = times[variant.key];
  const own = variant.key === 'checkbox' ? '–' : `${round(median(values) - baseline, 0)} ms`;
  console.log(
    `| ${variant.name} | ${round(median(values), 0)} ms | ${quartiles(values)} ms | ${own} | ${values.length} |`,
  );
}
const peerMedian = median(times.cookieconsent);
console.log('');
for (const key of ['a', 'b']) {
  console.log(
    `--${key}: vanilla-cookieconsent takes ${round(peerMedian / median(times[key]), 2)}x its median`,
  );
}
console.log(`--b against --a: ${round(median(times.b) / median(times.a), 3)}x the median`);
if (failed > 0) console.log(`${failed} loads did not become interactive within 45 s`);

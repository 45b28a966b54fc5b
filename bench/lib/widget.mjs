// The widget against its peers: the same page with Signet, vanilla-cookieconsent or Klaro,
// loaded in headless Chromium, interleaved (A, B, C, A, B, C, …), each load in a fresh browser
// context (empty cache), under three profiles.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { cpuMeter } from './machine.mjs';
import { paths } from './paths.mjs';
import { median, percentile, ratio, round, sum } from './stats.mjs';

export const tools = [
  {
    key: 'signet',
    name: 'Signet',
    // As docs/widget.md embeds it: the preload hint asks for the form's configuration while
    // signet.js is still on its way (the page is in English, so the form asks in English).
    head: [
      '    <link rel="preload" as="fetch" crossorigin href="/v1/sites/demo/form?locale=en" />',
      '    <script type="module" src="/signet/signet.js"></script>',
    ].join('\n'),
    body: '      <signet-form site="demo"></signet-form>',
  },
  {
    key: 'cookieconsent',
    name: 'vanilla-cookieconsent',
    head: [
      '    <link rel="stylesheet" href="/cookieconsent/cookieconsent.css" />',
      '    <script type="module" src="/pages/cookieconsent-config.js"></script>',
    ].join('\n'),
    body: '',
  },
  {
    key: 'klaro',
    name: 'Klaro',
    head: [
      '    <script defer src="/pages/klaro-config.js"></script>',
      '    <script defer data-config="klaroConfig" src="/klaro/klaro.js"></script>',
    ].join('\n'),
    body: '',
  },
];

/** The page a tool is measured on: pages/page.html with its name and tags filled in. */
export function toolPage({ name, head, body }) {
  return readFileSync(join(paths.pages, 'page.html'), 'utf8')
    .replace('{{tool}}', name)
    .replace('{{head}}', head)
    .replace('{{body}}', body);
}

/** Each tool's page, by its path. */
export function toolPages() {
  return Object.fromEntries(tools.map((tool) => [`/${tool.key}.html`, toolPage(tool)]));
}

/** The system's Chromium (never a downloaded one), as every browser test of the project runs it. */
export function launchChromium(chromium) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export const profiles = [
  { key: 'default', name: 'No throttling', cpu: 1, network: null },
  { key: 'cpu4x', name: '4× CPU throttling', cpu: 4, network: null },
  {
    key: 'slow-network',
    name: 'Slow network (400 kbit/s, 400 ms RTT)',
    cpu: 1,
    // 400 kbit/s = 50,000 bytes/s each way; latency is the round trip added to every request.
    network: { latency: 400, downloadThroughput: 50_000, uploadThroughput: 50_000 },
  },
];

/** How long the page keeps observing after the form became interactive. */
const settleMs = 1_000;

/**
 * Runs in the page before any of its scripts (an init script). Every animation frame it looks,
 * through open shadow roots, for a checkbox that is enabled and laid out (a box of non-zero
 * size, not display:none or visibility:hidden; for a checkbox a tool hides behind a styled
 * toggle, its label counts); the first frame that has one is the form's interactive time,
 * performance.now() since navigation start. Long tasks and layout shifts are observed from the
 * start; a second after the form is interactive the page reports all of it on the console.
 */
const probe = (settle) => {
  const state = { longTasks: [], shifts: [], interactive: null };
  const observe = (type, keep) => {
    try {
      new PerformanceObserver((list) => list.getEntries().forEach(keep)).observe({
        type,
        buffered: true,
      });
    } catch {
      state[`no-${type}`] = true;
    }
  };
  observe('longtask', (entry) => state.longTasks.push([entry.startTime, entry.duration]));
  observe('layout-shift', (entry) => {
    if (!entry.hadRecentInput) state.shifts.push([entry.startTime, entry.value]);
  });
  const checkboxes = (root, found) => {
    for (const element of root.querySelectorAll('*')) {
      if (element.shadowRoot) checkboxes(element.shadowRoot, found);
    }
    found.push(...root.querySelectorAll('input[type="checkbox"]'));
    return found;
  };
  const shown = (element) => {
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && element.checkVisibility({ visibilityProperty: true });
  };
  const interactive = (input) =>
    input.matches(':enabled') && [input, ...(input.labels ?? [])].some(shown);
  const report = () => {
    const navigation = performance.getEntriesByType('navigation')[0];
    const resources = performance.getEntriesByType('resource').map((entry) => ({
      name: new URL(entry.name).pathname,
      type: entry.initiatorType,
      transfer: entry.transferSize,
      encoded: entry.encodedBodySize,
      decoded: entry.decodedBodySize,
      end: entry.responseEnd,
    }));
    console.debug(
      `__bench__${JSON.stringify({
        ...state,
        domContentLoaded: navigation?.domContentLoadedEventEnd ?? null,
        load: navigation?.loadEventEnd || null,
        htmlTransfer: navigation?.transferSize ?? null,
        resources,
      })}`,
    );
  };
  const tick = () => {
    if (checkboxes(document, []).some(interactive)) {
      state.interactive = performance.now();
      setTimeout(report, settle);
      return;
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
};

/** CLS as Chromium's web-vitals defines it: the largest session window of shifts. */
function cumulativeLayoutShift(shifts) {
  let best = 0;
  let current = 0;
  let first = null;
  let last = null;
  for (const [start, value] of shifts) {
    if (first !== null && start - last < 1_000 && start - first < 5_000) {
      current += value;
    } else {
      current = value;
      first = start;
    }
    last = start;
    best = Math.max(best, current);
  }
  return best;
}

export async function oneLoad(browser, url, profile, timeoutMs) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    const reported = new Promise((resolve) => {
      page.on('console', (message) => {
        const text = message.text();
        if (text.startsWith('__bench__')) resolve(JSON.parse(text.slice('__bench__'.length)));
      });
    });
    await page.addInitScript(probe, settleMs);
    const cdp = await context.newCDPSession(page);
    if (profile.cpu > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpu });
    if (profile.network) {
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', { offline: false, ...profile.network });
    }
    let timer;
    const timeout = new Promise((resolve) => {
      timer = setTimeout(() => resolve(null), timeoutMs);
    });
    await page.goto(url, { waitUntil: 'commit', timeout: timeoutMs });
    const result = await Promise.race([reported, timeout]);
    clearTimeout(timer);
    if (!result || result.interactive === null) return { ok: false };
    const windowEnd = result.interactive + settleMs;
    const longTasks = result.longTasks.filter(([start]) => start <= windowEnd);
    return {
      ok: true,
      interactiveMs: result.interactive,
      longTaskCount: longTasks.length,
      longTaskMs: sum(longTasks.map(([, duration]) => duration)),
      cls: cumulativeLayoutShift(result.shifts),
      domContentLoadedMs: result.domContentLoaded,
      transferBytes:
        (result.htmlTransfer ?? 0) + sum(result.resources.map((resource) => resource.transfer)),
      requests: 1 + result.resources.length,
    };
  } finally {
    await context.close();
  }
}

const compressedSizes = (bytes) => ({
  raw: bytes.length,
  gzip: gzipSync(bytes, { level: 9 }).length,
  brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
});

/**
 * What each tool's page loads besides the HTML, from one untimed load: every script (module
 * imports included), stylesheet and API answer, sized raw, gzip -9 and brotli 11.
 */
async function inventory(browser, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const files = [];
  page.on('response', async (response) => {
    // Chromium types a `<link rel="preload" as="fetch">` as "other": its JSON is API data too.
    const json = response.headers()['content-type']?.startsWith('application/json');
    const type = response.request().resourceType();
    const kind = type === 'other' && json ? 'fetch' : type;
    if (!['script', 'stylesheet', 'fetch', 'xhr'].includes(kind)) return;
    const entry = { path: new URL(response.url()).pathname, kind, bytes: null };
    files.push(entry);
    entry.bytes = await response.body().catch(() => null);
  });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForTimeout(2_000);
  await context.close();
  const group = (kinds) => {
    const chosen = files.filter((file) => kinds.includes(file.kind) && file.bytes);
    const sizes = chosen.map((file) => compressedSizes(file.bytes));
    return {
      files: chosen.map((file) => file.path),
      raw: sum(sizes.map((size) => size.raw)),
      gzip: sum(sizes.map((size) => size.gzip)),
      brotli: sum(sizes.map((size) => size.brotli)),
    };
  };
  const js = group(['script']);
  const css = group(['stylesheet']);
  const data = group(['fetch', 'xhr']);
  return {
    js,
    css,
    data,
    total: { gzip: js.gzip + css.gzip, brotli: js.brotli + css.brotli, raw: js.raw + css.raw },
  };
}

function summarize(loads) {
  const ok = loads.filter((load) => load.ok);
  const pick = (key) => ok.map((load) => load[key]);
  const stats = (key, digits) => ({
    median: round(median(pick(key)), digits),
    p90: round(percentile(pick(key), 90), digits),
  });
  return {
    loads: loads.length,
    failed: loads.length - ok.length,
    interactiveMs: stats('interactiveMs', 0),
    longTaskCount: stats('longTaskCount', 1),
    longTaskMs: stats('longTaskMs', 0),
    cls: stats('cls', 4),
    domContentLoadedMs: stats('domContentLoadedMs', 0),
    transferBytes: stats('transferBytes', 0),
    requests: stats('requests', 0),
  };
}

export async function benchWidget({ browser, base, loads, warmupRounds, log }) {
  const sizes = {};
  for (const tool of tools) sizes[tool.key] = await inventory(browser, `${base}/${tool.key}.html`);

  const results = {};
  for (const profile of profiles) {
    const perTool = Object.fromEntries(tools.map((tool) => [tool.key, []]));
    const cpu = cpuMeter();
    const timeoutMs = profile.network ? 90_000 : 45_000;
    for (let round = -warmupRounds; round < loads; round += 1) {
      for (const tool of tools) {
        const load = await oneLoad(browser, `${base}/${tool.key}.html`, profile, timeoutMs);
        if (round >= 0) perTool[tool.key].push(load);
      }
      if (round >= 0 && ((round + 1) % 5 === 0 || round + 1 === loads)) {
        const line = tools
          .map((tool) => {
            const done = perTool[tool.key].filter((load) => load.ok).map((l) => l.interactiveMs);
            return `${tool.name} ${Math.round(median(done) ?? Number.NaN)} ms`;
          })
          .join(', ');
        log(`  ${profile.name}: ${round + 1}/${loads} rounds; median so far: ${line}`);
      }
    }
    const summary = Object.fromEntries(
      tools.map((tool) => [tool.key, summarize(perTool[tool.key])]),
    );
    const signet = summary.signet;
    for (const tool of tools) {
      const row = summary[tool.key];
      row.toSignet = {
        interactiveMedian: round(ratio(row.interactiveMs.median, signet.interactiveMs.median), 2),
        interactiveP90: round(ratio(row.interactiveMs.p90, signet.interactiveMs.p90), 2),
        longTaskMs: round(ratio(row.longTaskMs.median, signet.longTaskMs.median), 2),
        cls: round(ratio(row.cls.median, signet.cls.median), 2),
      };
    }
    results[profile.key] = {
      name: profile.name,
      cpuThrottling: profile.cpu,
      network: profile.network,
      cpuCores: cpu(),
      tools: summary,
      raw: perTool,
    };
  }
  for (const tool of tools) {
    sizes[tool.key].toSignet = {
      gzip: round(ratio(sizes[tool.key].total.gzip, sizes.signet.total.gzip), 2),
      brotli: round(ratio(sizes[tool.key].total.brotli, sizes.signet.total.brotli), 2),
    };
  }
  return {
    loadsPerTool: loads,
    warmupRounds,
    settleMs,
    viewport: '1280×800',
    sizes,
    profiles: results,
  };
}

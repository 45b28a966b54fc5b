// The Markdown tables `npm run bench` prints and writes to bench/results/*.md.
import { tools } from './widget.mjs';

const kb = (bytes) => (bytes ? `${(bytes / 1024).toFixed(2)} kB` : '–');
const times = (value) => (value === null || value === undefined ? '–' : `${value.toFixed(2)}×`);
const withRatio = (text, value, isReference) => (isReference ? text : `${text} (${times(value)})`);
const ms = (value) => (value === null || value === undefined ? '–' : `${Math.round(value)} ms`);

function header(result) {
  const { machine: m } = result;
  return [
    `Run ${result.date} on ${m.cpu}, ${m.cores} cores, ${m.ramGiB} GiB RAM, ${m.os}; Node ${m.node}` +
      (result.chromium ? `, Chromium ${result.chromium}` : '') +
      `; Signet at ${result.revision.commit ?? 'unknown'}${result.revision.packagesChanged ? ' (with uncommitted changes in packages/)' : ''}.`,
    `Load average at the start: ${m.loadAverageAtStart.join(' / ')} (1 / 5 / 15 min).`,
  ].join('\n');
}

function sizesTable(widget) {
  const lines = [
    '| Tool | JS gzip | JS brotli | CSS gzip | CSS brotli | JS + CSS gzip | JS + CSS brotli | API data gzip |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const tool of tools) {
    const s = widget.sizes[tool.key];
    const reference = tool.key === 'signet';
    lines.push(
      `| ${tool.name} | ${kb(s.js.gzip)} | ${kb(s.js.brotli)} | ${kb(s.css.gzip)} | ${kb(s.css.brotli)} | ${withRatio(kb(s.total.gzip), s.toSignet.gzip, reference)} | ${withRatio(kb(s.total.brotli), s.toSignet.brotli, reference)} | ${kb(s.data.gzip)} |`,
    );
  }
  return lines.join('\n');
}

function ratioTo(value, reference) {
  if (value === null || reference === null) return null;
  if (reference === 0) return value === 0 ? 1 : null;
  return value / reference;
}

function timingTable(profile) {
  const lines = [
    '| Tool | Interactive, median | Interactive, p90 | Long tasks, median | Long-task time, median | CLS, median | Loads (failed) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  const signet = profile.tools.signet;
  for (const tool of tools) {
    const t = profile.tools[tool.key];
    const reference = tool.key === 'signet';
    const cell = (text, value, ref) => withRatio(text, ratioTo(value, ref), reference);
    lines.push(
      [
        `| ${tool.name}`,
        cell(ms(t.interactiveMs.median), t.interactiveMs.median, signet.interactiveMs.median),
        cell(ms(t.interactiveMs.p90), t.interactiveMs.p90, signet.interactiveMs.p90),
        cell(String(t.longTaskCount.median), t.longTaskCount.median, signet.longTaskCount.median),
        cell(ms(t.longTaskMs.median), t.longTaskMs.median, signet.longTaskMs.median),
        cell(t.cls.median.toFixed(4), t.cls.median, signet.cls.median),
        `${t.loads} (${t.failed}) |`,
      ].join(' | '),
    );
  }
  return lines.join('\n');
}

function apiTable(api) {
  const lines = [
    '| Route | Requests/s | p50 | p99 | Requests | Non-2xx | Unexpected | Others’ CPU |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const row of api.rows) {
    const reference = row.key === 'floor';
    const r = row.toFloor ?? {};
    lines.push(
      [
        `| ${row.name}`,
        withRatio(row.requestsPerSecond.toFixed(1), r.requestsPerSecond, reference),
        withRatio(`${row.latencyMs.p50.toFixed(1)} ms`, r.p50, reference),
        withRatio(`${row.latencyMs.p99.toFixed(1)} ms`, r.p99, reference),
        String(row.requests),
        String(row.statuses.non2xx + row.errors + row.timeouts),
        String(row.unexpected),
        `${row.cpuCores.others} cores |`,
      ].join(' | '),
    );
  }
  return lines.join('\n');
}

function costTable(cost) {
  const number = (value, digits = 1) =>
    value === null || value === undefined ? '–' : value.toFixed(digits);
  const lines = [
    '| Per | D1 round trips | D1 statements | Rows read | Rows written | workerd CPU | Bytes kept |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  const floor = cost.floor
    ? [
        ['Floor: an answer without D1 (GET /health)', cost.floor.answer],
        ['Floor: valibot + 1 D1 insert (POST /floor)', cost.floor.insert],
      ]
    : [];
  for (const [name, row] of [
    ['Consent request (POST /v1/consent-requests)', cost.request],
    ['Confirmation (POST /confirm/{token})', cost.confirmation],
    ['Consent (both)', cost.consent],
    ...floor,
  ]) {
    lines.push(
      `| ${name} | ${number(row.roundTrips)} | ${number(row.statements)} | ${number(row.rowsRead)} | ${number(row.rowsWritten)} | ${number(row.cpuMs, 2)} ms | ${number(row.bytesKept, 0)} |`,
    );
  }
  return lines.join('\n');
}

function costSection(cost) {
  const m = cost.machine;
  return [
    '## The cost of a consent',
    '',
    `Run ${cost.date} on ${m.cpu}, ${m.cores} cores, ${m.os}; Node ${m.node}; Signet at ${cost.revision.commit ?? 'unknown'}${cost.revision.packagesChanged ? ' (with uncommitted changes in packages/)' : ''}. Load average at the start: ${m.loadAverageAtStart.join(' / ')}.`,
    '',
    `\`wrangler dev\` with the development-only D1 meter (\`COST_METER=on\`): ${cost.count} consent requests (one purpose, as the site's page sends them, ${cost.concurrency} at a time), then their ${cost.count} confirmations. Per request and per confirmation, averaged, the work handed to \`waitUntil\` (sending the message into the dev mailbox, sealing the records, webhooks) included. Rows are D1's own \`meta.rows_read\` / \`rows_written\`; CPU is the workerd processes' (local D1 included); bytes kept are the growth of the D1 tables, transient tables (dev mailbox, rate events, idempotency keys) left out. The floor rows: the floor worker under its own \`wrangler dev\`, the same count of each, 4 at a time: what any request costs this runtime (under \`wrangler dev\` every request also passes wrangler's proxy worker, in a workerd of its own).`,
    '',
    costTable(cost),
    '',
  ].join('\n');
}

export function markdown(result) {
  const parts = ['# Signet benchmark', '', header(result), ''];
  const { widget, api } = result;
  if (widget) {
    parts.push(
      '## Widget against its peers',
      '',
      `Each tool on the same page (\`bench/pages/page.html\`), ${widget.loadsPerTool} loads each per profile, interleaved, each in a fresh browser context (empty cache), viewport ${widget.viewport}. Ratios are to Signet (×).`,
      '',
      'Interactive: from navigation start to the first frame with an enabled, laid-out purpose checkbox. Long tasks (main thread, 50 ms or more) and CLS: from navigation start to one second after that. A ratio shown as – has 0 for Signet.',
      '',
      '### Bytes each page loads',
      '',
      sizesTable(widget),
      '',
    );
    for (const profile of Object.values(widget.profiles)) {
      parts.push(
        `### ${profile.name}`,
        '',
        `Meanwhile this run used ${profile.cpuCores?.bench ?? '–'} and other processes on the machine ${profile.cpuCores?.others ?? '–'} of its ${result.machine.cores} cores on average.`,
        '',
        timingTable(profile),
        '',
      );
    }
  }
  if (result.cost) parts.push(costSection(result.cost));
  if (api) {
    parts.push(
      '## API against its floor',
      '',
      `\`wrangler dev\` (local workerd and D1), ${api.connections} connections, ${api.rounds} interleaved rounds of ${api.secondsPerRound} s per route after a warm-up round (confirmations: as many fresh links as the warm-up's rate gets through in that time). Ratios are to the floor (×).`,
      '',
      apiTable(api),
      '',
    );
  }
  return parts.join('\n');
}

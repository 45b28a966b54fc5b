// The Markdown `npm run bench:scale` prints and writes to bench/results/scale-*.md.
import { transientTables } from './d1-size.mjs';

const number = (value, digits = 0) =>
  value.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const mb = (bytes) => `${number(bytes / 1e6, 1)} MB`;

function header(result) {
  const m = result.machine;
  return [
    `Run ${result.date} on ${m.cpu}, ${m.cores} cores, ${m.ramGiB} GiB RAM, ${m.os}; Node ${m.node}; Signet at ${result.revision.commit ?? 'unknown'}${result.revision.packagesChanged ? ' (with uncommitted changes in packages/)' : ''}; ${result.seconds} s in all.`,
    `Load average at the start: ${m.loadAverageAtStart.join(' / ')} (1 / 5 / 15 min).`,
  ].join('\n');
}

function sealingTable(sealing) {
  const rows = [
    ['One site, one sequencer', sealing.oneSite],
    [`One site, ${sealing.rivals.sequencersPerSite} rival sequencers`, sealing.rivals],
    [`${sealing.manySites.sites} sites at once, one sequencer each`, sealing.manySites],
  ];
  return [
    '| Backlog sealed | Sites | Records | Seconds | Records/s | Cores used (bench, others) |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      ([name, f]) =>
        `| ${name} | ${f.sites} | ${number(f.records)} | ${f.seconds} | ${number(f.recordsPerSecond)} | ${f.cpuCores?.bench ?? '–'}, ${f.cpuCores?.others ?? '–'} |`,
    ),
  ].join('\n');
}

function sizeTables(size) {
  const [first, second] = size.readings;
  const p = size.perConsent;
  const readings = [
    '| Reading | Confirmed consents | File (page_count × page_size) | Free pages |',
    '| --- | ---: | ---: | ---: |',
    ...[first, second].map(
      (r, i) => `| ${i + 1} | ${number(r.consents)} | ${mb(r.bytes)} | ${mb(r.freeBytes)} |`,
    ),
  ];
  const perTable = [
    '| Table (with its indexes) | Bytes per consent | Rows per consent | Kept |',
    '| --- | ---: | ---: | --- |',
    ...Object.entries(p.tables)
      .sort(([, a], [, b]) => b.bytesPerConsent - a.bytesPerConsent)
      .map(
        ([name, t]) =>
          `| ${name} | ${number(t.bytesPerConsent)} | ${number(t.rowsPerConsent, 2)} | ${t.transient ? `no: ${transientTables[name]}` : 'yes'} |`,
      ),
  ];
  const summary = [
    `Between the readings, ${number(p.consentsAdded)} consents added ${number(p.fileBytesPerConsent)} bytes each to the file; the tables that keep their rows grew ${number(p.keptBytesPerConsent)} bytes per consent.`,
    `Extrapolated linearly: ${number(p.keptGBPerMillion, 2)} GB per million consents, about ${number(p.consentsPer10GB / 1e6, 1)} million consents in one 10 GB D1 database.`,
  ];
  return [...readings, '', ...perTable, '', ...summary].join('\n');
}

export function scaleMarkdown(result) {
  return [
    '# Signet scale figures',
    '',
    header(result),
    '',
    '## Sealing sequencer',
    '',
    'Backlogs of unsealed records left by real requests and confirmations while the worker had no signing key, then sealed by `GET /v1/log/checkpoint` (the sequencer of services/record-log.ts to the end of the backlog, 500 records a pass), timed from the first call to the last answer, on `wrangler dev` (one local workerd, local D1). Two records per consent: its request and its confirmation.',
    '',
    sealingTable(result.sealing),
    '',
    '## D1 size per consent',
    '',
    'One consent: one address confirmed for one purpose (the newsletter) through the real routes. Sizes read with node:sqlite from a copy of the local D1 file once the worker had stopped.',
    '',
    sizeTables(result.size),
    '',
  ].join('\n');
}

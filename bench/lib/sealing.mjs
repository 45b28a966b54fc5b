// The sealing sequencer's ceiling (services/record-log.ts): a backlog of unsealed records, left
// by real confirmations while the worker had no signing key, sealed once the key is there by
// `GET /v1/log/checkpoint`, which runs the site's sequencer to the end of its backlog (up to
// 50 passes of 100 records a call) before it signs the head. Timed from the first call to the
// last answer.
import { cpuMeter } from './machine.mjs';
import { round, sum } from './stats.mjs';

/** Calls the site's checkpoint until its head reaches `records`; returns the calls' answers. */
async function sealSite(base, { apiKey, records }) {
  const calls = [];
  for (let attempt = 0; attempt < 1_000; attempt += 1) {
    const started = performance.now();
    const response = await fetch(`${base}/v1/log/checkpoint`, {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    if (!response.ok) throw new Error(`GET /v1/log/checkpoint: ${response.status}`);
    const { checkpoint } = await response.json();
    calls.push({ seq: checkpoint.seq, ms: performance.now() - started });
    if (checkpoint.seq >= records) return calls;
  }
  throw new Error(`the log stopped short of ${records} records`);
}

/**
 * Seals the backlogs of `sites` (each `{ id, apiKey, records }`, `records` its expected head),
 * `sequencers` rival loops per site, every site at once.
 */
export async function sealBacklogs(base, sites, { sequencers = 1 } = {}) {
  const cpu = cpuMeter();
  const started = performance.now();
  const perSite = await Promise.all(
    sites.map(async (site) => {
      const loops = await Promise.all(
        Array.from({ length: sequencers }, () => sealSite(base, site)),
      );
      return Math.max(...loops.flat().map((call) => call.seq));
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const records = sum(perSite);
  const expected = sum(sites.map((site) => site.records));
  if (records !== expected) throw new Error(`sealed ${records} records, expected ${expected}`);
  return {
    sites: sites.length,
    sequencersPerSite: sequencers,
    records,
    seconds: round(seconds, 2),
    recordsPerSecond: round(records / seconds, 0),
    cpuCores: cpu(),
  };
}

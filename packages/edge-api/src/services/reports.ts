import type { Report, ReportFigures, ReportQuerySchema } from '@signet/sdk';
import type * as v from 'valibot';
import { currentPurposesRead, listPurposes } from '../store/purposes.js';
import { readAlone } from '../store/reads.js';
import { countEventsByPeriod, listConfirmationDelays } from '../store/records.js';
import { findSite, localeOfSite } from '../store/sites.js';
import { honourSummaries } from './acknowledgements.js';

type ReportQuery = v.InferOutput<typeof ReportQuerySchema>;
type Interval = ReportQuery['interval'];

const dayMs = 86_400_000;

/** The first day of the period a day falls in: itself, its ISO week's Monday, its month's 1st. */
export function periodStart(day: string, interval: Interval): string {
  if (interval === 'day') return day;
  if (interval === 'month') return `${day.slice(0, 7)}-01`;
  const date = new Date(`${day}T00:00:00.000Z`);
  const sinceMonday = (date.getUTCDay() + 6) % 7;
  return new Date(date.getTime() - sinceMonday * dayMs).toISOString().slice(0, 10);
}

/** Every period from the one holding `from` to the one holding `to`, empty ones too (charts). */
function periodsBetween(from: string, to: string, interval: Interval) {
  const starts: string[] = [];
  for (let t = Date.parse(from); t <= Date.parse(to); t += dayMs) {
    const start = periodStart(new Date(t).toISOString().slice(0, 10), interval);
    if (starts.at(-1) !== start) starts.push(start);
  }
  return starts;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const value =
    sorted.length % 2
      ? (sorted[middle] ?? 0)
      : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  return Math.round(value);
}

interface Tally {
  counts: Record<string, number>;
  /** People with a `requested` record. */
  asked: number;
  delays: number[];
  /** Subjects whose request of the period was confirmed. */
  confirmedPeople: Set<string>;
}

const emptyTally = (): Tally => ({ counts: {}, asked: 0, delays: [], confirmedPeople: new Set() });

function figures({ counts, asked, delays, confirmedPeople }: Tally): ReportFigures {
  const confirmed = confirmedPeople.size;
  return {
    requests: counts.requested ?? 0,
    people: asked,
    confirmations: counts.confirmed ?? 0,
    peopleConfirmed: confirmed,
    // Of the people asked, the share who confirmed: one person asking three times is one.
    conversion: asked ? Math.round((confirmed / asked) * 10_000) / 10_000 : null,
    medianSecondsToConfirm: median(delays),
    withdrawals: counts.withdrawn ?? 0,
    expiries: counts.expired ?? 0,
    erasures: counts.erased ?? 0,
    // No mail transport of this deployment reports bounces back yet.
    bounces: null,
  };
}

/**
 * A1: per purpose and period, from the signed records alone (they outlive the rows that
 * retention deletes): requests and the people who made them, confirmations, the share of those
 * people who confirmed and the median time to confirm of the period's requests, withdrawals,
 * expiries, erasures.
 */
export async function buildReport(
  db: D1Database,
  siteId: string,
  query: ReportQuery,
  now: Date,
): Promise<Report> {
  const from = `${query.from}T00:00:00.000Z`;
  const to = new Date(Date.parse(`${query.to}T00:00:00.000Z`) + dayMs).toISOString();
  const [site, purposes, current, counts, delays] = await Promise.all([
    findSite(db, siteId),
    listPurposes(db, siteId),
    readAlone(
      db,
      currentPurposesRead(db, siteId, localeOfSite(siteId, query.locale), now.toISOString()),
    ),
    countEventsByPeriod(db, siteId, { from, to, interval: query.interval }),
    listConfirmationDelays(db, siteId, from, to),
  ]);
  const periods = periodsBetween(query.from, query.to, query.interval);
  const ids = [
    ...new Set([...purposes.map((p) => p.id), ...counts.map((row) => row.purpose_id)]),
  ].filter((id) => !query.purpose || id === query.purpose);

  const tallies = new Map<string, Map<string, Tally>>();
  const tallyOf = (purpose: string, period: string) => {
    let byPeriod = tallies.get(purpose);
    if (!byPeriod) {
      byPeriod = new Map();
      tallies.set(purpose, byPeriod);
    }
    let tally = byPeriod.get(period);
    if (!tally) {
      tally = emptyTally();
      byPeriod.set(period, tally);
    }
    return tally;
  };
  for (const row of counts) {
    const tally = tallyOf(row.purpose_id, row.period);
    tally.counts[row.event] = (tally.counts[row.event] ?? 0) + row.n;
    if (row.event === 'requested') tally.asked += row.people;
  }
  for (const row of delays) {
    for (const period of [periodStart(row.day, query.interval), 'total']) {
      const tally = tallyOf(row.purpose_id, period);
      tally.delays.push(row.seconds);
      tally.confirmedPeople.add(row.subject_id);
    }
  }

  if (!site) throw new Error('site of a valid key is missing');
  const honoured = await honourSummaries(db, site, { from, to }, now);

  return {
    site: siteId,
    from: query.from,
    to: query.to,
    interval: query.interval,
    generatedAt: now.toISOString(),
    purposes: ids.map((purpose) => {
      const byPeriod = tallies.get(purpose) ?? new Map<string, Tally>();
      return {
        purpose,
        label: current.find((entry) => entry.id === purpose)?.wording.label ?? null,
        totals: figures(byPeriod.get('total') ?? emptyTally()),
        periods: periods.map((start) => ({
          start,
          ...figures(byPeriod.get(start) ?? emptyTally()),
        })),
      };
    }),
    honoured,
    honourWithinHours: site.honourWithinHours,
  };
}

const csvColumns = [
  'requests',
  'people',
  'confirmations',
  'peopleConfirmed',
  'conversion',
  'medianSecondsToConfirm',
  'withdrawals',
  'expiries',
  'erasures',
  'bounces',
] as const;

/** The report as CSV: one row per purpose and period, then one `total` row per purpose. */
export function reportCsv(report: Report): string {
  const header = ['purpose', 'period', ...csvColumns].join(',');
  const line = (purpose: string, period: string, f: ReportFigures) =>
    [purpose, period, ...csvColumns.map((column) => f[column] ?? '')].join(',');
  const rows = report.purposes.flatMap((p) => [
    ...p.periods.map((period) => line(p.purpose, period.start, period)),
    line(p.purpose, 'total', p.totals),
  ]);
  return `${[header, ...rows].join('\r\n')}\r\n`;
}

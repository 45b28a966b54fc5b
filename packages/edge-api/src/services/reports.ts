import type { Report, ReportFigures, ReportQuerySchema } from '@signet/sdk';
import type * as v from 'valibot';
import { listPurposes } from '../store/purposes.js';
import { countEventsByDay, listConfirmationDelays } from '../store/records.js';

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
  delays: number[];
}

const emptyTally = (): Tally => ({ counts: {}, delays: [] });

function figures({ counts, delays }: Tally): ReportFigures {
  const requests = counts.requested ?? 0;
  return {
    requests,
    confirmations: counts.confirmed ?? 0,
    conversion: requests ? Math.round((delays.length / requests) * 10_000) / 10_000 : null,
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
 * retention deletes): requests, confirmations, conversion and median time to confirm of the
 * period's requests, withdrawals, expiries, erasures.
 */
export async function buildReport(
  db: D1Database,
  siteId: string,
  query: ReportQuery,
  now: Date,
): Promise<Report> {
  const from = `${query.from}T00:00:00.000Z`;
  const to = new Date(Date.parse(`${query.to}T00:00:00.000Z`) + dayMs).toISOString();
  const [purposes, counts, delays] = await Promise.all([
    listPurposes(db, siteId),
    countEventsByDay(db, siteId, from, to),
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
    const tally = tallyOf(row.purpose_id, periodStart(row.day, query.interval));
    tally.counts[row.event] = (tally.counts[row.event] ?? 0) + row.n;
  }
  for (const row of delays) {
    tallyOf(row.purpose_id, periodStart(row.day, query.interval)).delays.push(row.seconds);
  }

  return {
    site: siteId,
    from: query.from,
    to: query.to,
    interval: query.interval,
    generatedAt: now.toISOString(),
    purposes: ids.map((purpose) => {
      const byPeriod = tallies.get(purpose) ?? new Map<string, Tally>();
      const total = emptyTally();
      for (const tally of byPeriod.values()) {
        for (const [event, n] of Object.entries(tally.counts)) {
          total.counts[event] = (total.counts[event] ?? 0) + n;
        }
        total.delays.push(...tally.delays);
      }
      return {
        purpose,
        totals: figures(total),
        periods: periods.map((start) => ({
          start,
          ...figures(byPeriod.get(start) ?? emptyTally()),
        })),
      };
    }),
  };
}

const csvColumns = [
  'requests',
  'confirmations',
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

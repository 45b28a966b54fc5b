import {
  type Acknowledgement,
  type AcknowledgementInput,
  type AcknowledgementStatus,
  type HonourSummary,
  type Result,
  signetError,
} from '@signet/sdk';
import { recordMacKey } from '../crypto/record-mac.js';
import { newId } from '../crypto/tokens.js';
import type { Env } from '../env.js';
import {
  countWaitingStops,
  findHonoured,
  findStop,
  insertHonouredRecord,
  listHonourDelays,
  listWaitingStops,
  queueUnhonouredDeliveries,
} from '../store/honoured-records.js';
import { type RecordRow, withMac } from '../store/records.js';
import { findSite, type Site } from '../store/sites.js';

const hour = 3_600_000;

function answer(row: RecordRow, created: boolean): Acknowledgement {
  return {
    id: row.id,
    honours: row.honours_record ?? '',
    system: row.honours_system ?? '',
    at: row.created_at,
    created,
  };
}

/**
 * A5: one of the owner's systems applied a withdrawal or an erasure. The signed `honoured`
 * record names the record it honours (found by id, so after an erasure too: the person's rows
 * are gone, the records stay) and the system; the same system acknowledging the same record
 * again writes nothing and answers the first record. Only systems the site lists are taken, so
 * a misspelt name cannot stand for an acknowledgement that never comes.
 */
export async function acknowledge(
  env: Pick<Env, 'DB' | 'RECORD_KEY'>,
  siteId: string,
  input: AcknowledgementInput,
  now: Date,
): Promise<Result<Acknowledgement>> {
  const db = env.DB;
  const [site, stop] = await Promise.all([
    findSite(db, siteId),
    findStop(db, siteId, input.record),
  ]);
  if (!site) throw new Error('site of a valid key is missing');
  const listed = site.honourSystems.map((system) => system.name);
  if (!listed.includes(input.system)) {
    const names = listed.length > 0 ? listed.join(', ') : 'none yet';
    const message = `"${input.system}" is not one of the site's honourSystems (${names})`;
    return { ok: false, error: signetError('invalid_input', message, 'system') };
  }
  if (!stop) {
    const message = `The site has no record "${input.record}"`;
    return { ok: false, error: signetError('not_found', message, 'record') };
  }
  if (stop.event !== 'withdrawn' && stop.event !== 'erased') {
    const message = `Record "${input.record}" is a ${stop.event} record; only withdrawn and erased records are acknowledged`;
    return { ok: false, error: signetError('invalid_input', message, 'record') };
  }
  const before = await findHonoured(db, siteId, stop.id, input.system);
  if (before) return { ok: true, value: answer(before, false) };
  const record = await withMac(await recordMacKey(env), {
    id: newId(),
    siteId,
    subjectId: stop.subject_id,
    purposeId: stop.purpose_id,
    event: 'honoured',
    wordingVersion: stop.wording_version,
    requestId: stop.request_id,
    context: { pageUrl: null, form: 'acknowledgement', evidenceIp: null, userAgent: null },
    createdAt: now.toISOString(),
    honours: { record: stop.id, system: input.system },
  });
  const inserted = await insertHonouredRecord(db, record, stop).run();
  if (inserted.meta.changes === 1) {
    return {
      ok: true,
      value: {
        id: record.id,
        honours: stop.id,
        system: input.system,
        at: record.createdAt,
        created: true,
      },
    };
  }
  // Another call of the same system won the unique index between the read and the insert.
  const won = await findHonoured(db, siteId, stop.id, input.system);
  if (!won) throw new Error('an acknowledgement was neither written nor found');
  return { ok: true, value: answer(won, false) };
}

const systemsJson = (site: Site) => JSON.stringify(site.honourSystems);

function median(sorted: number[]) {
  if (sorted.length === 0) return null;
  const middle = Math.floor(sorted.length / 2);
  const value =
    sorted.length % 2 === 1
      ? (sorted[middle] as number)
      : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return Math.round(value);
}

/**
 * Per listed system: how long acknowledgements made in [from, to) took after their withdrawal or
 * erasure, and what waits now (overdue past the site's hours). What reports and the console show.
 */
export async function honourSummaries(
  db: D1Database,
  site: Site,
  range: { from: string; to: string },
  now: Date,
): Promise<HonourSummary[]> {
  if (site.honourSystems.length === 0) return [];
  const overdueBefore = new Date(now.getTime() - site.honourWithinHours * hour).toISOString();
  const [delays, waiting] = await Promise.all([
    listHonourDelays(db, site.id, range.from, range.to),
    countWaitingStops(db, { id: site.id, systemsJson: systemsJson(site) }, overdueBefore),
  ]);
  return site.honourSystems.map(({ name }) => {
    const seconds = delays
      .filter((delay) => delay.system === name)
      .map((delay) => Math.max(0, delay.seconds))
      .sort((a, b) => a - b);
    const open = waiting.find((row) => row.system === name);
    return {
      system: name,
      acknowledged: seconds.length,
      medianSeconds: median(seconds),
      maxSeconds: seconds.length > 0 ? Math.round(seconds.at(-1) as number) : null,
      waiting: open?.waiting ?? 0,
      overdue: open?.overdue ?? 0,
    };
  });
}

/** `GET /v1/admin/acknowledgements`: every listed system's summary and the oldest 100 waiting. */
export async function acknowledgementStatus(
  db: D1Database,
  siteId: string,
  now: Date,
): Promise<AcknowledgementStatus> {
  const site = await findSite(db, siteId);
  if (!site) throw new Error('site of a valid key is missing');
  const overdueBefore = new Date(now.getTime() - site.honourWithinHours * hour).toISOString();
  const [systems, rows] = await Promise.all([
    honourSummaries(db, site, { from: '', to: '9999' }, now),
    site.honourSystems.length === 0
      ? []
      : listWaitingStops(db, { id: site.id, systemsJson: systemsJson(site) }, 100),
  ]);
  return {
    withinHours: site.honourWithinHours,
    systems,
    waiting: rows.map((row) => ({
      record: row.id,
      event: row.event,
      subject: row.subject_id,
      purpose: row.purpose_id,
      at: row.created_at,
      system: row.system,
      overdue: row.created_at <= overdueBefore,
    })),
  };
}

/** The cron's pass: `consent.unhonoured` for what waits too long (queued once; sent after). */
export async function raiseUnhonoured(db: D1Database, now: Date) {
  const queued = await queueUnhonouredDeliveries(db, now.toISOString()).run();
  return queued.meta.changes ?? 0;
}

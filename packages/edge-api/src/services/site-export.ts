import {
  type SignedCheckpoint,
  type SiteExportCounts,
  type SiteExportLine,
  type SiteExportPerson,
  siteExportFormat,
  siteExportVersion,
} from '@signet/sdk';
import { publishedKeys, type Signer } from '../crypto/signer.js';
import type { Env } from '../env.js';
import { type ExportConsentRow, listConsentsOfSubjects } from '../store/consents.js';
import { listPurposesWithCreation } from '../store/purposes.js';
import { listSealedRecords, toSignedRecord } from '../store/records.js';
import { type ExportSubjectRow, listSubjectsPage } from '../store/subjects.js';
import { listAllWordings } from '../store/wordings.js';
import { makeCheckpoint } from './record-log.js';
import { getSiteSettings } from './site-admin.js';
import { openContact } from './subject-contacts.js';

/** How much one read takes: the worker holds one page at a time, whatever the site's size. */
export const exportPage = { persons: 500, records: 1000 };

type Lines = SiteExportLine[];

function consentLine(row: ExportConsentRow): SiteExportPerson['consents'][number] {
  return {
    purpose: row.purpose_id,
    status: row.status,
    wordingVersion: row.wording_version,
    requestId: row.request_id,
    confirmedAt: row.confirmed_at,
    expiresAt: row.expires_at,
    updatedAt: row.updated_at,
    record: row.record_id ? { id: row.record_id, hash: row.record_hash } : null,
  };
}

async function personLines(env: Env, siteId: string, page: ExportSubjectRow[]): Promise<Lines> {
  const consents = await listConsentsOfSubjects(
    env.DB,
    siteId,
    page.map((row) => row.id),
  );
  const bySubject = new Map<string, ExportConsentRow[]>();
  for (const row of consents) {
    bySubject.set(row.subject_id, [...(bySubject.get(row.subject_id) ?? []), row]);
  }
  return Promise.all(
    page.map(async (row): Promise<SiteExportPerson> => {
      // A value its key cannot open (a broken row) is null, and counted in the end line: one
      // broken row does not stop a site from leaving, nor goes unsaid.
      const contact = await openContact(env, row).catch(() => ({ email: null, phone: null }));
      return {
        type: 'person',
        id: row.id,
        email: contact.email,
        phone: contact.phone,
        createdAt: row.created_at,
        consents: (bySubject.get(row.id) ?? []).map(consentLine),
      };
    }),
  );
}

async function* persons(env: Env, siteId: string, counts: SiteExportCounts) {
  let after = 0;
  for (;;) {
    const page = await listSubjectsPage(env.DB, siteId, after, exportPage.persons);
    if (page.length === 0) return;
    const lines = await personLines(env, siteId, page);
    counts.persons += lines.length;
    for (const line of lines) {
      if (line.type !== 'person') continue;
      counts.consents += line.consents.length;
      if (line.email === null) counts.unreadableContacts += 1;
    }
    yield lines;
    after = page.at(-1)?.position ?? after;
    if (page.length < exportPage.persons) return;
  }
}

/** The log from its first record up to the checkpoint's head, a page at a time. */
async function* records(env: Env, siteId: string, upTo: number, counts: SiteExportCounts) {
  let after = 0;
  while (after < upTo) {
    const rows = await listSealedRecords(env.DB, siteId, {
      afterSeq: after,
      limit: Math.min(exportPage.records, upTo - after),
    });
    if (rows.length === 0) return;
    counts.records += rows.length;
    yield rows.map((row): SiteExportLine => ({ type: 'record', ...toSignedRecord(row) }));
    after = rows.at(-1)?.seq ?? upTo;
  }
}

async function* settingsAndWordings(env: Env, siteId: string, counts: SiteExportCounts) {
  const purposes = await listPurposesWithCreation(env.DB, siteId);
  counts.purposes = purposes.length;
  yield purposes.map(
    (purpose): SiteExportLine => ({
      type: 'purpose',
      id: purpose.id,
      channel: purpose.channel,
      lifetimeDays: purpose.lifetime_days,
      endsAt: purpose.ends_at,
      position: purpose.position,
      createdAt: purpose.created_at,
    }),
  );
  const wordings = await listAllWordings(env.DB, siteId);
  counts.wordings = wordings.length;
  yield wordings.map(
    (wording): SiteExportLine => ({
      type: 'wording',
      purpose: wording.purpose_id,
      locale: wording.locale,
      version: wording.version,
      text: wording.canonical_text,
      publishedAt: wording.published_at,
      retiredAt: wording.retired_at,
    }),
  );
}

async function* bodyLines(env: Env, siteId: string, checkpoint: SignedCheckpoint) {
  const counts: SiteExportCounts = {
    purposes: 0,
    wordings: 0,
    persons: 0,
    consents: 0,
    records: 0,
    unreadableContacts: 0,
  };
  yield* settingsAndWordings(env, siteId, counts);
  yield* persons(env, siteId, counts);
  yield* records(env, siteId, checkpoint.checkpoint.seq, counts);
  yield [{ type: 'end', counts } satisfies SiteExportLine];
}

const encoder = new TextEncoder();
const ndjson = (lines: Lines) =>
  encoder.encode(lines.map((line) => `${JSON.stringify(line)}\n`).join(''));

/**
 * The lines as a byte stream that reads its next page only when the reader asks for more: a site
 * of any size is exported with one page in memory. A read that fails ends the stream with an
 * error, so the file lacks its `end` line and `signet verify` calls it cut short.
 */
function streamOf(head: Lines, rest: AsyncGenerator<Lines>): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(ndjson(head));
      },
      async pull(controller) {
        const next = await rest.next();
        if (next.done) controller.close();
        else controller.enqueue(ndjson(next.value));
      },
      async cancel() {
        await rest.return(undefined);
      },
    },
    { highWaterMark: 0 },
  );
}

/**
 * `GET /v1/admin/export` (M2): the head of the file (manifest, settings, keys and a fresh signed
 * checkpoint, kept like the cron's) is made before the answer starts; the rest streams.
 */
export async function siteExport(
  env: Env,
  signer: Signer,
  siteId: string,
  origin: string,
  now: Date,
): Promise<ReadableStream<Uint8Array>> {
  const settings = await getSiteSettings(env.DB, siteId);
  const keys = await publishedKeys(env);
  const checkpoint = await makeCheckpoint(env, signer, siteId, now, true);
  const head: Lines = [
    {
      type: 'manifest',
      format: siteExportFormat,
      version: siteExportVersion,
      site: siteId,
      generatedAt: now.toISOString(),
      origin,
      schema: `${origin}/schemas/site-export.json`,
    },
    { type: 'site', settings },
    { type: 'keys', keys },
    { type: 'checkpoint', ...checkpoint },
  ];
  return streamOf(head, bodyLines(env, siteId, checkpoint));
}

import * as v from 'valibot';
import { AcknowledgementStatusSchema } from '../contract/acknowledgements.js';
import type { KeyMode } from '../contract/admin.js';
import {
  AdminEventListSchema,
  AdminPurposeSchema,
  ApiKeyCreatedSchema,
  ApiKeyListSchema,
  ApiKeySchema,
  PublishedWordingSchema,
  type PurposeInput,
  type SiteSettingsPatch,
  SiteSettingsSchema,
  SubjectByIdSchema,
  SubjectContactListSchema,
} from '../contract/admin.js';
import type { Locale } from '../contract/common.js';
import type { ContactQuery } from '../contract/consents.js';
import type { Result, SignetError } from '../contract/errors.js';
import {
  type ImportReport,
  ImportReportSchema,
  maxImportRowsPerCall,
} from '../contract/imports.js';
import {
  OpenOwnerSessionListSchema,
  OwnerSessionsEndedSchema,
} from '../contract/owner-sessions.js';
import { ProcessingRecordSchema } from '../contract/processing-record.js';
import {
  ReconfirmationPreviewSchema,
  type ReconfirmationRequest,
  ReconfirmationStartedSchema,
  ReconfirmationStatusSchema,
} from '../contract/reconfirmations.js';
import {
  EvidenceSchema,
  JwksSchema,
  RecordListSchema,
  SignedCheckpointSchema,
} from '../contract/records.js';
import { type ReportQuery, ReportSchema } from '../contract/reports.js';
import { TestMailboxSchema } from '../contract/test-mailbox.js';
import type { Wording } from '../contract/wording.js';
import {
  addImportReports,
  emptyImportReport,
  type ImportOutcome,
  type ImportParams,
  importCallBodies,
  importCallKey,
} from './import-calls.js';
import { everyItem } from './paging.js';
import {
  type CallOptions,
  type ServerOptions,
  serverCall,
  serverDocument,
  serverStream,
  serverText,
} from './resilient-call.js';
import { webhooksAdmin } from './webhooks-admin.js';

/** Which exhibit: one purpose or all, HTML or PDF, in which language. */
export interface ExhibitParams {
  purpose?: string | undefined;
  format: 'html' | 'pdf';
  locale?: Locale | undefined;
}

const definedParams = (params: ExhibitParams) =>
  Object.fromEntries(Object.entries(params).filter(([, value]) => value !== undefined));

const path = (segment: string) => encodeURIComponent(segment);

const importMedia = { csv: 'text/csv; charset=utf-8', ndjson: 'application/x-ndjson' } as const;

/** One import call's parameters (see {@link ImportParams} for a whole file). */
export type ImportCallParams = Pick<ImportParams, 'format' | 'kind' | 'purpose' | 'dryRun'> & {
  firstRow?: number | undefined;
};

const importQuery = (params: ImportCallParams) =>
  query({
    format: params.format,
    purpose: params.purpose,
    dryRun: params.dryRun ? 'true' : undefined,
    firstRow: params.firstRow?.toString(),
  });
const query = (params: Record<string, string | undefined>) => {
  const search = new URLSearchParams(
    Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  return search.size ? `?${search}` : '';
};

/**
 * The site owner's admin API with the site key: settings, purposes and wordings, keys, console
 * sessions, the admin log, reports, the Art. 30 entry and webhook endpoints (`webhooks`). Same
 * retries and results as {@link createSignetServer}.
 */
export function createSignetAdmin(options: ServerOptions) {
  const call = <S extends v.GenericSchema>(
    schema: S,
    route: string,
    init: {
      method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
      body?: unknown;
      text?: { body: string; contentType: string };
    } & CallOptions = {},
  ) => serverCall(options, schema, route, init);
  const events = (params: { before?: string; limit?: number } = {}, o?: CallOptions) =>
    call(
      AdminEventListSchema,
      `/v1/admin/events${query({ before: params.before, limit: params.limit?.toString() })}`,
      o,
    );
  const records = (params: { since?: number; subject?: string } = {}, o?: CallOptions) =>
    call(
      RecordListSchema,
      `/v1/records${query({ since: params.since?.toString(), subject: params.subject })}`,
      o,
    );
  const sendImport = async (body: string, params: ImportCallParams, o?: CallOptions) =>
    call(ImportReportSchema, `/v1/admin/imports${importQuery(params)}`, {
      ...o,
      idempotencyKey:
        o?.idempotencyKey ?? (await importCallKey(params, params.firstRow ?? 1, body)),
      method: 'POST',
      text: { body, contentType: importMedia[params.kind] },
    });
  return {
    /** The site's webhook endpoints and their deliveries. */
    webhooks: webhooksAdmin(options),
    site: (o?: CallOptions) => call(SiteSettingsSchema, '/v1/admin/site', o),
    updateSite: (patch: SiteSettingsPatch, o?: CallOptions) =>
      call(SiteSettingsSchema, '/v1/admin/site', { ...o, method: 'PATCH', body: patch }),
    purposes: (o?: CallOptions) =>
      call(v.object({ purposes: v.array(AdminPurposeSchema) }), '/v1/admin/purposes', o),
    putPurpose: (id: string, input: PurposeInput, o?: CallOptions) =>
      call(AdminPurposeSchema, `/v1/admin/purposes/${path(id)}`, {
        ...o,
        method: 'PUT',
        body: input,
      }),
    publishWording: (purpose: string, wording: Wording, o?: CallOptions) =>
      call(PublishedWordingSchema, `/v1/admin/purposes/${path(purpose)}/wordings`, {
        ...o,
        method: 'POST',
        body: wording,
      }),
    keys: (o?: CallOptions) => call(ApiKeyListSchema, '/v1/admin/keys', o),
    /** A new key; `mode: 'test'` makes a test key (`sk_test_…`, decision 0011). */
    createKey: (label: string, o?: CallOptions & { mode?: KeyMode }) => {
      const { mode, ...options } = o ?? {};
      const body = mode ? { label, mode } : { label };
      return call(ApiKeyCreatedSchema, '/v1/admin/keys', { ...options, method: 'POST', body });
    },
    revokeKey: (id: string, o?: CallOptions) =>
      call(ApiKeySchema, `/v1/admin/keys/${path(id)}`, { ...o, method: 'DELETE' }),
    /** The site's open console sessions, the caller's marked `current`; never their bearers. */
    sessions: (o?: CallOptions) => call(OpenOwnerSessionListSchema, '/v1/admin/sessions', o),
    /** Ends one console session of the site by its id. */
    endSession: async (id: string, o?: CallOptions): Promise<Result<null>> => {
      const ended = await serverText(options, `/v1/admin/sessions/${path(id)}`, {
        ...o,
        method: 'DELETE',
      });
      return ended.ok ? { ok: true, value: null } : ended;
    },
    /** "Sign out everywhere": ends every console session of the site, the caller's too. */
    endAllSessions: (o?: CallOptions) =>
      call(OwnerSessionsEndedSchema, '/v1/admin/sessions', { ...o, method: 'DELETE' }),
    /** One page of the admin log, newest first; `next` is the `before` of the following page. */
    events,
    /**
     * The whole admin log from `before` (default: now), newest first, page after page:
     * `for await (const event of admin.allEvents())`; each item is a {@link Result}.
     */
    allEvents: (params: { before?: string; limit?: number } = {}, o?: CallOptions) =>
      everyItem(
        (before: string | undefined) =>
          events({ ...params, ...(before === undefined ? {} : { before }) }, o),
        (page) => page.events,
        (page) => page.next,
        params.before,
      ),
    /** What test keys' requests would have sent, newest first; `to` narrows it (decision 0011). */
    testMailbox: (params: { to?: string } = {}, o?: CallOptions) =>
      call(TestMailboxSchema, `/v1/admin/test-mailbox${query({ to: params.to })}`, o),
    /** A5: per listed system, the delay from withdrawal to `honoured`, and what still waits. */
    acknowledgements: (o?: CallOptions) =>
      call(AcknowledgementStatusSchema, '/v1/admin/acknowledgements', o),
    /** M1: imports existing consents (docs/import.md). */
    imports: {
      /**
       * One call: up to 5,000 rows (CSV with its header, or NDJSON). Its `Idempotency-Key` is
       * derived from the call unless `o.idempotencyKey` names one.
       */
      send: sendImport,
      /**
       * A whole file, read as a stream of text pieces (e.g. `createReadStream(file, 'utf8')`),
       * cut into calls, `callsInFlight` at a time: never more than those calls' rows in memory.
       */
      run: async (
        source: AsyncIterable<string>,
        params: ImportParams,
        o?: CallOptions,
      ): Promise<ImportOutcome> => {
        const dryRun = params.dryRun ?? false;
        let report = emptyImportReport(params.format, dryRun);
        const size = Math.min(params.rowsPerCall ?? 1000, maxImportRowsPerCall);
        const inFlight = Math.min(Math.max(Math.trunc(params.callsInFlight ?? 2), 1), 4);
        const sending: Promise<Result<ImportReport>>[] = [];
        // Answers are taken in file order, so the report and its row numbers read as one call's.
        const take = async () => {
          const sent = await (sending.shift() as Promise<Result<ImportReport>>);
          if (!sent.ok) return sent.error;
          report = addImportReports(report, sent.value);
          params.onProgress?.(sent.value, report.rows);
          return null;
        };
        const stop = async (error: SignetError) => {
          await Promise.allSettled(sending);
          return { report, error };
        };
        for await (const part of importCallBodies(source, params.kind, size)) {
          const callParams = { ...params, dryRun, firstRow: part.firstRow };
          const sent = sendImport(part.body, callParams, o);
          // Awaited in turn below; an abort must not surface first as an unhandled rejection.
          sent.catch(() => undefined);
          sending.push(sent);
          if (sending.length >= inFlight) {
            const error = await take();
            if (error) return stop(error);
          }
        }
        while (sending.length > 0) {
          const error = await take();
          if (error) return stop(error);
        }
        return { report, error: null };
      },
    },
    /**
     * M1: re-confirms a purpose's imported consents by the normal double opt-in, paced by the
     * site's `reconfirmationsPerDay` (docs/import.md).
     */
    reconfirmations: {
      /** Queues the purpose's imported people (a re-run queues no one twice), sends today's share. */
      start: (input: ReconfirmationRequest, o?: CallOptions) =>
        call(ReconfirmationStartedSchema, '/v1/admin/reconfirmations', {
          ...o,
          method: 'POST',
          body: input,
        }),
      /** How many a start would mail, and the daily cap; writes and sends nothing. */
      preview: (input: ReconfirmationRequest, o?: CallOptions) =>
        call(
          ReconfirmationPreviewSchema,
          `/v1/admin/reconfirmations/preview${query({
            purpose: input.purpose,
            withoutEvidenceOnly: input.withoutEvidenceOnly ? 'true' : undefined,
          })}`,
          o,
        ),
      /** Queued, sent, confirmed and no answer, per purpose; bounced is null (not reported). */
      status: (o?: CallOptions) => call(ReconfirmationStatusSchema, '/v1/admin/reconfirmations', o),
    },
    report: (params: Omit<ReportQuery, 'format'>, o?: CallOptions) =>
      call(ReportSchema, `/v1/admin/reports${query({ ...params, format: 'json' })}`, o),
    reportCsv: (params: Omit<ReportQuery, 'format'>, o?: CallOptions) =>
      serverText(options, `/v1/admin/reports${query({ ...params, format: 'csv' })}`, o),
    processingRecord: (locale: 'de' | 'en' = 'en', o?: CallOptions) =>
      call(ProcessingRecordSchema, `/v1/admin/processing-record${query({ locale })}`, o),
    processingRecordText: (locale: 'de' | 'en', format: 'md' | 'html', o?: CallOptions) =>
      serverText(options, `/v1/admin/processing-record${query({ locale, format })}`, o),
    /** One page of the site's signed log from `since` (a sequence number); `next` for the rest. */
    records,
    /**
     * Every signed record from `since` on, oldest first, page after page:
     * `for await (const record of admin.allRecords({ since }))`; each item is a {@link Result}.
     */
    allRecords: (params: { since?: number; subject?: string } = {}, o?: CallOptions) =>
      everyItem(
        (since: number | undefined) =>
          records({ ...params, ...(since === undefined ? {} : { since }) }, o),
        (page) => page.records,
        (page) => page.next,
        params.since,
      ),
    /** Whose records these are: the masked contact of each subject id (at most 100), or `erased`. */
    subjectContacts: (ids: string[], o?: CallOptions) =>
      call(SubjectContactListSchema, `/v1/admin/subjects${query({ ids: ids.join(',') })}`, o),
    /** A person opened from a record: their contact data and consents, by subject id. */
    subjectById: (id: string, o?: CallOptions) =>
      call(SubjectByIdSchema, `/v1/admin/subjects/${path(id)}/consents`, o),
    /**
     * Everything of the site (M2) as NDJSON (`signet-site-export`, docs/site-export.md): a stream
     * to write where it should go, e.g. `Readable.fromWeb(value.body).pipe(createWriteStream(…))`,
     * never held whole; `verifySiteExport(ndjsonLines(…))` checks it. The key, or a console session
     * opened in the last 15 minutes.
     */
    exportSite: (o?: CallOptions) => serverStream(options, '/v1/admin/export', o),
    /** A signed statement of the log's head, made now: what a whole log is checked against. */
    checkpoint: (o?: CallOptions) => call(SignedCheckpointSchema, '/v1/log/checkpoint', o),
    jwks: (o?: CallOptions) => call(JwksSchema, '/.well-known/jwks.json', o),
    /**
     * One person's evidence (P1) for a purpose or, without one, for every purpose of theirs; found
     * after an erasure too. The address goes in the body, not the URL.
     */
    evidence: (contact: ContactQuery, purpose?: string, o?: CallOptions) =>
      call(EvidenceSchema, '/v1/consents/evidence', {
        ...o,
        method: 'POST',
        body: { ...contact, ...(purpose ? { purpose } : {}) },
      }),
    evidenceHtml: (contact: ContactQuery, purpose?: string, o?: CallOptions) =>
      serverText(options, '/v1/consents/evidence', {
        ...o,
        method: 'POST',
        body: { ...contact, ...(purpose ? { purpose } : {}), format: 'html' },
      }),
    /**
     * The exhibit ("Nachweis der Einwilligung") as a file: `html` (checks itself offline) or
     * `pdf`, in `locale` (default: the site's), with the file name Signet gives it.
     */
    exhibit: (contact: ContactQuery, params: ExhibitParams, o?: CallOptions) =>
      serverDocument(options, '/v1/consents/evidence', {
        ...o,
        method: 'POST',
        body: { ...contact, ...definedParams(params) },
      }),
  };
}

export type SignetAdmin = ReturnType<typeof createSignetAdmin>;

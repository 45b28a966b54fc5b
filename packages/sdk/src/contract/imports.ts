import * as v from 'valibot';
import { PurposeIdSchema } from './common.js';

/**
 * The files `POST /v1/admin/imports` reads: Signet's own, three newsletter tools' exports, and
 * the consents of another deployment's site export (`signet-export`, rows made from the export
 * file by `siteExportImportRows`; docs/import.md).
 */
export const importFormats = [
  'signet',
  'mailchimp',
  'brevo',
  'cleverreach',
  'signet-export',
] as const;
export const ImportFormatSchema = v.picklist(importFormats);
export type ImportFormat = v.InferOutput<typeof ImportFormatSchema>;

/** What a consent rests on: Signet's own double opt-in, or an import reported by the owner (M1). */
export const consentBases = ['double-opt-in', 'imported'] as const;
export const ConsentBasisSchema = v.picklist(consentBases);
export type ConsentBasis = v.InferOutput<typeof ConsentBasisSchema>;

/** The most rows one call takes: a Worker's CPU time and D1's batch stay within their limits. */
export const maxImportRowsPerCall = 5000;

/**
 * What an `imported` record says, as signed (M1): reported by the site owner at import time,
 * from which system, and the evidence the source held. A field the source did not give is null,
 * never filled in by Signet. Times are as the source wrote them, in ISO 8601: with `Z` when the
 * source's time was absolute (a Unix time, an offset), without a zone when it named none.
 */
/**
 * M2: the record of the other deployment's log an import from its site export restates: the
 * deployment (`origin`) and site it came from, the record's id and hash, and the id of the key
 * that signed it, so anyone can find it in the exported log and check it there.
 */
export const OriginalRecordSchema = v.strictObject({
  origin: v.string(),
  site: v.string(),
  id: v.string(),
  hash: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits')),
  kid: v.string(),
});
export type OriginalRecord = v.InferOutput<typeof OriginalRecordSchema>;

export const ImportedEvidenceSchema = v.strictObject({
  reportedBy: v.literal('owner'),
  system: v.string(),
  optIn: v.strictObject({ at: v.nullable(v.string()), ip: v.nullable(v.string()) }),
  confirmation: v.strictObject({ at: v.nullable(v.string()), ip: v.nullable(v.string()) }),
  form: v.nullable(v.string()),
  wording: v.strictObject({ text: v.nullable(v.string()), version: v.nullable(v.string()) }),
  /** Only on an import of a Signet site export (M2): the original record it restates. */
  original: v.optional(OriginalRecordSchema),
});
export type ImportedEvidence = v.InferOutput<typeof ImportedEvidenceSchema>;

/** Why a row was not imported; the report lists each with its row number. */
export const importSkipReasons = [
  'invalid-email',
  'invalid-date',
  'invalid-ip',
  'invalid-row',
  'no-purpose',
  'unknown-purpose',
  'not-subscribed',
  'duplicate',
  'suppressed',
  'erased',
  'consent-exists',
] as const;
export const ImportSkipReasonSchema = v.picklist(importSkipReasons);
export type ImportSkipReason = v.InferOutput<typeof ImportSkipReasonSchema>;

export const ImportSkipSchema = v.object({
  /** The data row in the file, counted from 1 (the header is not counted). */
  row: v.number(),
  reason: ImportSkipReasonSchema,
  /** The column at fault, as the file names it, when one is. */
  column: v.nullable(v.string()),
});
export type ImportSkip = v.InferOutput<typeof ImportSkipSchema>;

/** `POST /v1/admin/imports`: what one call did (or, in a dry run, would do). */
export const ImportReportSchema = v.object({
  dryRun: v.boolean(),
  format: ImportFormatSchema,
  rows: v.number(),
  imported: v.number(),
  /** Of `imported`: those whose source reported a confirmation time (DOI evidence). */
  withEvidence: v.number(),
  skipped: v.array(ImportSkipSchema),
});
export type ImportReport = v.InferOutput<typeof ImportReportSchema>;

const rowNumber = v.pipe(
  v.string(),
  v.regex(/^\d{1,9}$/, 'must be a row number'),
  v.transform(Number),
  v.minValue(1, 'must be at least 1'),
);

/** `POST /v1/admin/imports?format=&purpose=&dryRun=&firstRow=`; the body is CSV or NDJSON. */
export const ImportQuerySchema = v.strictObject({
  format: ImportFormatSchema,
  /** The purpose every row gets, unless the row names its own (Signet format: `purpose`). */
  purpose: v.optional(PurposeIdSchema),
  dryRun: v.optional(v.picklist(['true', 'false'])),
  /** The file's row number of the call's first data row, so the report counts as the file does. */
  firstRow: v.optional(rowNumber),
});
export type ImportQuery = v.InferOutput<typeof ImportQuerySchema>;

/**
 * The owner's setting per purpose for imported consents whose source reported no confirmation
 * time: they count for `mayContact`, they do not, or they count until a moment. Imported
 * consents with a confirmation time always count while active.
 */
export const ImportedWithoutEvidenceSchema = v.union([
  v.picklist(['count', 'ignore']),
  v.strictObject({
    until: v.pipe(
      v.string(),
      v.regex(
        /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/,
        'must be an ISO time in UTC',
      ),
    ),
  }),
]);
export type ImportedWithoutEvidence = v.InferOutput<typeof ImportedWithoutEvidenceSchema>;

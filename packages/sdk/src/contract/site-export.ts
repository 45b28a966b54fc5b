import * as v from 'valibot';
import { SiteSettingsSchema } from './admin.js';
import { ChannelSchema, LocaleSchema } from './common.js';
import { SignedCheckpointSchema, SignedRecordSchema } from './records.js';

/**
 * `GET /v1/admin/export` (M2): a whole site as NDJSON, one JSON object a line, each naming its
 * `type`. The first line is the manifest (format name and version), the last the `end` line
 * with the counts: a file without it was cut short. Its JSON Schema is served at
 * `/schemas/site-export.json`, made from {@link SiteExportLineSchema}; docs/site-export.md
 * describes it.
 */
export const siteExportFormat = 'signet-site-export';
export const siteExportVersion = 1;
export const siteExportMediaType = 'application/x-ndjson';

const nullableText = v.nullable(v.string());
const hex64 = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits'));

export const SiteExportManifestSchema = v.strictObject({
  type: v.literal('manifest'),
  format: v.literal(siteExportFormat),
  version: v.literal(siteExportVersion),
  site: v.string(),
  generatedAt: v.string(),
  /** The deployment it came from (its public URL): where the keys and records were published. */
  origin: v.string(),
  /** Where the JSON Schema of every line is served. */
  schema: v.string(),
});

/** The site's settings as `GET /v1/admin/site` answers them (secrets never leave). */
export const SiteExportSiteSchema = v.strictObject({
  type: v.literal('site'),
  settings: SiteSettingsSchema,
});

/** Every public key that ever signed for the deployment (its JWKS): what the log verifies with. */
export const SiteExportKeysSchema = v.strictObject({
  type: v.literal('keys'),
  keys: v.array(v.looseObject({ kid: v.string() })),
});

/** A signed statement of the log's head, made for this export: the records end at it. */
export const SiteExportCheckpointSchema = v.strictObject({
  type: v.literal('checkpoint'),
  ...SignedCheckpointSchema.entries,
});

export const SiteExportPurposeSchema = v.strictObject({
  type: v.literal('purpose'),
  id: v.string(),
  channel: ChannelSchema,
  lifetimeDays: v.nullable(v.number()),
  endsAt: nullableText,
  position: v.number(),
  createdAt: v.string(),
});

/**
 * Every wording version ever published, retired ones too: `text` is the exact canonical text
 * whose SHA-256 is `version`, so the version can be checked again from the file.
 */
export const SiteExportWordingSchema = v.strictObject({
  type: v.literal('wording'),
  purpose: v.string(),
  locale: LocaleSchema,
  version: hex64,
  text: v.string(),
  publishedAt: v.string(),
  retiredAt: nullableText,
});

/**
 * One consent of a person; `record` names the signed `confirmed` record that made it active (its
 * id and hash in the log), which a later import can reference.
 */
export const SiteExportConsentSchema = v.strictObject({
  purpose: v.string(),
  status: v.picklist(['active', 'withdrawn', 'expired']),
  wordingVersion: v.string(),
  requestId: v.string(),
  confirmedAt: v.string(),
  expiresAt: nullableText,
  updatedAt: v.string(),
  record: v.nullable(v.strictObject({ id: v.string(), hash: nullableText })),
});

/**
 * A person the site holds, contact data opened for the owner (their own data), with every
 * consent. `id` is the subject id the records name. An address that could not be opened (its
 * data key is gone) is null.
 */
export const SiteExportPersonSchema = v.strictObject({
  type: v.literal('person'),
  id: v.string(),
  email: nullableText,
  phone: nullableText,
  createdAt: v.string(),
  consents: v.array(SiteExportConsentSchema),
});

/** One signed record of the site's log, in log order, as `GET /v1/records` serves it. */
export const SiteExportRecordSchema = v.strictObject({
  type: v.literal('record'),
  ...SignedRecordSchema.entries,
});

const count = v.pipe(v.number(), v.integer(), v.minValue(0));

/**
 * The last line: how many lines of each kind came before it, and how many persons' contact data
 * could not be opened (their `email` is null): an export never loses an address unsaid.
 */
export const SiteExportEndSchema = v.strictObject({
  type: v.literal('end'),
  counts: v.strictObject({
    purposes: count,
    wordings: count,
    persons: count,
    consents: count,
    records: count,
    unreadableContacts: count,
  }),
});

export const SiteExportLineSchema = v.variant('type', [
  SiteExportManifestSchema,
  SiteExportSiteSchema,
  SiteExportKeysSchema,
  SiteExportCheckpointSchema,
  SiteExportPurposeSchema,
  SiteExportWordingSchema,
  SiteExportPersonSchema,
  SiteExportRecordSchema,
  SiteExportEndSchema,
]);
export type SiteExportLine = v.InferOutput<typeof SiteExportLineSchema>;
export type SiteExportManifest = v.InferOutput<typeof SiteExportManifestSchema>;
export type SiteExportPerson = v.InferOutput<typeof SiteExportPersonSchema>;
export type SiteExportCounts = v.InferOutput<typeof SiteExportEndSchema>['counts'];

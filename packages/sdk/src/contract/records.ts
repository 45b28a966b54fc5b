import * as v from 'valibot';
import { ChannelSchema, LocaleSchema } from './common.js';
import { ImportedEvidenceSchema } from './imports.js';
import { WordingSchema } from './wording.js';

const hex64 = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits'));

/**
 * `used` records that a telephone consent was used for a call (§ 7a UWG: its proof is kept five
 * years after each use). `honoured` records that one of the owner's systems acknowledged a
 * withdrawal or erasure (A5); its `honours` names that record and the system. `imported`
 * records a consent the site owner brought in from another system (M1): never a confirmation by
 * Signet.
 */
export const recordEvents = [
  'requested',
  'confirmed',
  'withdrawn',
  'expired',
  'erased',
  'used',
  'honoured',
  'imported',
] as const;
export type RecordEvent = (typeof recordEvents)[number];

/** The hash that stands before the first record of every site's log. */
export const genesisHash = '0'.repeat(64);

/**
 * One consent event as signed (P1, P2): no readable personal data, only a random subject id and
 * keyed hashes of the contact addresses. `prev` links it to the site's previous record (P3).
 */
export const ConsentRecordSchema = v.strictObject({
  v: v.literal(1),
  id: v.string(),
  site: v.string(),
  seq: v.pipe(v.number(), v.integer(), v.minValue(1)),
  prev: hex64,
  subject: v.string(),
  contact: v.strictObject({ email: v.nullable(hex64), phone: v.nullable(hex64) }),
  purpose: v.string(),
  wording: v.strictObject({ version: hex64, sha256: hex64 }),
  event: v.picklist(recordEvents),
  at: v.string(),
  source: v.strictObject({ pageUrl: v.nullable(v.string()), form: v.nullable(v.string()) }),
  evidence: v.strictObject({ ip: v.nullable(v.string()), userAgent: v.nullable(v.string()) }),
  request: v.nullable(v.string()),
  /** Only on `honoured` records: the withdrawal or erasure acknowledged, and by which system. */
  honours: v.optional(v.strictObject({ record: v.string(), system: v.string() })),
  /** Only on an `imported` record: what the owner reported and the source held (M1). */
  import: v.optional(ImportedEvidenceSchema),
});
export type ConsentRecord = v.InferOutput<typeof ConsentRecordSchema>;

/** A record with its SHA-256 (of the canonical JSON) and its Ed25519 signature. */
export const SignedRecordSchema = v.strictObject({
  record: ConsentRecordSchema,
  hash: hex64,
  kid: v.string(),
  sig: v.string(),
});
export type SignedRecord = v.InferOutput<typeof SignedRecordSchema>;

/** A signed statement of a site's log head: anything before it can no longer change unseen. */
export const CheckpointBodySchema = v.strictObject({
  v: v.literal(1),
  site: v.string(),
  seq: v.pipe(v.number(), v.integer(), v.minValue(0)),
  head: hex64,
  at: v.string(),
});
export const SignedCheckpointSchema = v.strictObject({
  checkpoint: CheckpointBodySchema,
  kid: v.string(),
  sig: v.string(),
});
export type SignedCheckpoint = v.InferOutput<typeof SignedCheckpointSchema>;

/**
 * A signed statement that the listed records (by their hashes) stand in a site's log at or before
 * the head it names (P6). A receipt or exhibit holds a few records of one person, which are not
 * consecutive, so the hash chain alone cannot tie them to a checkpoint; the excerpt does, and it
 * fixes the set: a record left out or added no longer matches its list.
 */
export const ExcerptBodySchema = v.strictObject({
  v: v.literal(1),
  site: v.string(),
  seq: v.pipe(v.number(), v.integer(), v.minValue(0)),
  head: hex64,
  at: v.string(),
  records: v.array(hex64),
});
export const SignedExcerptSchema = v.strictObject({
  excerpt: ExcerptBodySchema,
  kid: v.string(),
  sig: v.string(),
});
export type SignedExcerpt = v.InferOutput<typeof SignedExcerptSchema>;

export const Ed25519JwkSchema = v.object({
  kty: v.literal('OKP'),
  crv: v.literal('Ed25519'),
  x: v.string(),
  kid: v.string(),
  // RFC 8037 names the algorithm EdDSA; RFC 9864 and WebCrypto exports say Ed25519.
  alg: v.optional(v.picklist(['EdDSA', 'Ed25519'])),
  use: v.optional(v.literal('sig')),
});
export const JwksSchema = v.object({
  keys: v.array(v.looseObject({ kid: v.optional(v.string()) })),
});
export type Jwks = v.InferOutput<typeof JwksSchema>;

/** `GET /v1/records`: a page of records in log order; `next` is the `since` of the next page. */
export const RecordListSchema = v.object({
  records: v.array(SignedRecordSchema),
  next: v.nullable(v.number()),
});
export type RecordList = v.InferOutput<typeof RecordListSchema>;

/** `GET /v1/records?subject=&since=` and `GET /v1/records/{id}?format=`. */
export const RecordQuerySchema = v.strictObject({
  subject: v.optional(v.pipe(v.string(), v.maxLength(64))),
  since: v.optional(v.pipe(v.string(), v.regex(/^\d{1,12}$/, 'must be a sequence number'))),
  format: v.optional(v.picklist(['json', 'jws'])),
});

/** Whether one record's hash, chain link and signature hold against the published keys. */
export const RecordVerdictSchema = v.union([
  v.object({ id: v.string(), ok: v.literal(true) }),
  v.object({
    id: v.string(),
    ok: v.literal(false),
    reason: v.string(),
    index: v.optional(v.number()),
  }),
]);

/** Who answers for the data: the site's controller, as its settings name it (P1, Art. 13 GDPR). */
export const ControllerSchema = v.object({
  name: v.string(),
  address: v.string(),
  contact: v.string(),
  privacyPolicyUrl: v.string(),
});
export type Controller = v.InferOutput<typeof ControllerSchema>;

/**
 * What an erasure at the person's request removed, and when: the `erased` records say so
 * (`cause`: the person erased everything, or withdrew their last purpose). Only readable data
 * goes; the signed records stay (P3, Art. 17(3)(e) GDPR).
 */
export const EvidenceErasureSchema = v.object({
  at: v.string(),
  subject: v.string(),
  cause: v.picklist(['erasure', 'all-withdrawn']),
  removed: v.array(
    v.picklist(['contact', 'consent-state', 'requests', 'messages', 'preference-links']),
  ),
});
export type EvidenceErasure = v.InferOutput<typeof EvidenceErasureSchema>;

/** One purpose's story in plain language, in the locale asked for (derived from the records). */
export const EvidenceNarrativeSchema = v.object({
  purpose: v.string(),
  label: v.string(),
  paragraphs: v.array(v.string()),
});
export type EvidenceNarrative = v.InferOutput<typeof EvidenceNarrativeSchema>;

/**
 * `GET /v1/consents/evidence` (P1): the signed records of one person and one purpose (or all of
 * theirs), found by the per-site keyed hash of the address or number (so they are found after an
 * erasure too), the exact wordings they name, the confirmation messages as sent (their links
 * redacted, with the SHA-256 of the token they carried), the erasures, a signed excerpt tying the
 * records to the site's log head, and the verdicts against the published keys.
 */
export const EvidenceSchema = v.object({
  site: v.string(),
  siteName: v.string(),
  /** The purpose asked for; null when every purpose of the person was asked for. */
  purpose: v.nullable(v.string()),
  /** The purposes the records are about, in the order of their first record, with their channel. */
  purposes: v.array(v.object({ id: v.string(), channel: v.nullable(ChannelSchema) })),
  generatedAt: v.string(),
  locale: LocaleSchema,
  /** The site's IANA time zone, in which the exhibit states times. */
  timeZone: v.string(),
  controller: ControllerSchema,
  person: v.object({
    kind: v.picklist(['email', 'phone']),
    /** The address or number as the owner gave it to ask for this document; never read back from storage. */
    contact: v.string(),
    /** A short reference for file names: a prefix of the per-site keyed hash, never the address. */
    reference: v.string(),
    /** When the person's readable data was erased at their request; null while it is held. */
    erasedAt: v.nullable(v.string()),
  }),
  records: v.array(SignedRecordSchema),
  wordings: v.array(
    v.object({ version: v.string(), canonicalText: v.string(), wording: WordingSchema }),
  ),
  messages: v.array(
    v.object({
      requestId: v.nullable(v.string()),
      channel: v.string(),
      subject: v.string(),
      text: v.string(),
      html: v.string(),
      linkSha256: v.nullable(v.string()),
      sentAt: v.nullable(v.string()),
    }),
  ),
  erasures: v.array(EvidenceErasureSchema),
  /**
   * The shop's own reference of each request that had one (`reference` of the consent request),
   * opened for the owner while the person's data is held; an erasure leaves none.
   */
  references: v.optional(v.array(v.object({ requestId: v.string(), reference: v.string() })), []),
  jwks: JwksSchema,
  /** Signed by the site's log: these records, exactly, stand in the log (null without a signing key). */
  excerpt: v.nullable(SignedExcerptSchema),
  verification: v.object({ allValid: v.boolean(), records: v.array(RecordVerdictSchema) }),
  narrative: v.optional(v.array(EvidenceNarrativeSchema)),
});
export type Evidence = v.InferOutput<typeof EvidenceSchema>;

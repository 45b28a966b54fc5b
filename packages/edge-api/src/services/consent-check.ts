import {
  type ConsentCheck,
  type ConsentCheckBatchItem,
  type ConsentCheckBatchResult,
  type ConsentCheckBatchSchema,
  type ConsentCheckQuery,
  type ContactQuery,
  EmailSchema,
  type KeyMode,
  PhoneSchema,
  type Result,
  type SignetError,
  signetError,
  type Unsubscribe,
} from '@signet/sdk';
import * as v from 'valibot';
import { emailIndex, phoneIndex } from '../crypto/blind-index.js';
import { linkToken } from '../crypto/link-tokens.js';
import { newId, tokenHash } from '../crypto/tokens.js';
import {
  activeConsentStatesRead,
  type ConsentStateRow,
  consentStateRead,
  rememberUnsubscribeHash,
} from '../store/consents.js';
import { always } from '../store/guard.js';
import { purposeExistsRead } from '../store/purposes.js';
import { readTogether } from '../store/reads.js';
import { insertRecordForSubject, withMac } from '../store/records.js';
import { withShardTag } from '../store/shards.js';
import type { ContactKind } from '../store/subjects.js';

type ConsentCheckBatchQuery = v.InferOutput<typeof ConsentCheckBatchSchema>;

/**
 * The blind index to look a person up by, from an email address or a phone number; a test key
 * looks up its own people only (decision 0011).
 */
export async function contactIndex(
  indexKey: string,
  siteId: string,
  query: ContactQuery,
  mode: KeyMode = 'live',
): Promise<{ kind: ContactKind; index: string }> {
  if (query.email !== undefined) {
    return { kind: 'email', index: await emailIndex(indexKey, siteId, query.email, mode) };
  }
  return { kind: 'phone', index: await phoneIndex(indexKey, siteId, query.phone ?? '', mode) };
}

/**
 * The RFC 8058 URL and headers of one email consent, and the statement that keeps the token's
 * hash for `/u/{token}` (run alone, or with a list's in one batch).
 */
async function unsubscribeFor(
  db: D1Database,
  linkKey: string,
  consent: { siteId: string; subjectId: string; purposeId: string },
  publicUrl: string,
) {
  const token = await linkToken(
    linkKey,
    'unsubscribe',
    `${consent.siteId}:${consent.subjectId}:${consent.purposeId}`,
  );
  const url = `${publicUrl}/u/${withShardTag(db, token)}`;
  return {
    unsubscribe: {
      url,
      headers: {
        'List-Unsubscribe': `<${url}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' as const,
      },
    },
    remember: rememberUnsubscribeHash(db, consent, await tokenHash(token)),
  };
}

function recordRef(state: ConsentStateRow) {
  return state.record_id && state.record_event && state.record_at
    ? {
        id: state.record_id,
        event: state.record_event,
        wordingVersion: state.wording_version,
        at: state.record_at,
      }
    : null;
}

/**
 * M1: an imported consent counts as the owner set it for the purpose: always with DOI evidence
 * (a confirmation time from the source), otherwise as the purpose's setting says.
 */
export function importedCounts(state: ConsentStateRow, now: Date): boolean {
  if (state.basis !== 'imported' || state.imported_confirmed_at !== null) return true;
  if (state.imported_without_evidence === 'count') return true;
  if (state.imported_without_evidence === 'until') {
    return state.imported_until !== null && Date.parse(state.imported_until) > now.getTime();
  }
  return false;
}

/** P4: a signed `used` record of one call on a telephone consent (§ 7a UWG). */
async function recordUse(
  db: D1Database,
  recordKey: string,
  consent: { siteId: string; subjectId: string; purposeId: string },
  wordingVersion: string,
  now: Date,
) {
  const record = await withMac(recordKey, {
    id: newId(),
    siteId: consent.siteId,
    subjectId: consent.subjectId,
    purposeId: consent.purposeId,
    event: 'used',
    wordingVersion,
    requestId: null,
    context: { pageUrl: null, form: 'check:use=call', evidenceIp: null, userAgent: null },
    createdAt: now.toISOString(),
  });
  return insertRecordForSubject(db, record, always).run();
}

/** The keys a check derives secrets from: links (unsubscribe) and the records' MAC. */
export interface CheckOptions {
  now?: Date;
  /** A test key's check answers from test consents only, a live key's never from them. */
  mode?: KeyMode;
  publicUrl: string;
  linkKey: string;
  recordKey: string;
}

const unknownPurpose = (purpose: string, field: string) =>
  signetError(
    'unknown_purpose',
    `This site has no purpose "${purpose}": a typo? The site's purposes are in GET /v1/admin/purposes`,
    field,
  );

/** An active consent with no confirmation record cannot be shown to be one: fail, loudly. */
const noRecord = () =>
  signetError('internal', 'The consent is active but its confirmation record is missing');

/**
 * A3: may the site contact this person for this purpose, and which record proves it? For an
 * email purpose the answer carries the one-click unsubscribe for the mailing (R1). A purpose the
 * site does not have is an error, not a no: a typo must not quietly stop a mailing. Whether the
 * purpose exists is read in the same round trip as the consent.
 */
export async function checkConsent(
  db: D1Database,
  indexKey: string,
  siteId: string,
  query: ConsentCheckQuery,
  options: CheckOptions,
): Promise<Result<ConsentCheck>> {
  const now = options.now ?? new Date();
  const contact = await contactIndex(indexKey, siteId, query, options.mode);
  const [purposeExists, state] = await readTogether(db, [
    purposeExistsRead(db, siteId, query.purpose),
    consentStateRead(db, siteId, contact, query.purpose, now.toISOString()),
  ] as const);
  if (!purposeExists) return { ok: false, error: unknownPurpose(query.purpose, 'purpose') };
  if (state?.status !== 'active' || !importedCounts(state, now))
    return { ok: true, value: { allowed: false, since: null, record: null } };
  if (query.use === 'call' && state.channel !== 'phone') {
    const message = `"${query.purpose}" is not a phone purpose: only calls are recorded as a use`;
    return { ok: false, error: signetError('invalid_input', message, 'use') };
  }
  const record = recordRef(state);
  if (!record) return { ok: false, error: noRecord() };
  const consent = { siteId, subjectId: state.subject_id, purposeId: query.purpose };
  if (query.use === 'call') {
    await recordUse(db, options.recordKey, consent, state.wording_version, now);
  }
  let unsubscribe: Unsubscribe | undefined;
  if (state.channel === 'email') {
    const link = await unsubscribeFor(db, options.linkKey, consent, options.publicUrl);
    await link.remember.run();
    unsubscribe = link.unsubscribe;
  }
  return {
    ok: true,
    value: {
      ...(unsubscribe ? { unsubscribe } : {}),
      allowed: true,
      since: state.confirmed_at,
      record,
      basis: state.basis,
    },
  };
}

/** The contacts of a batch, each parsed alone: a malformed one is its own answer, not the list's. */
function parseContacts(query: ConsentCheckBatchQuery) {
  const kind: ContactKind = query.emails ? 'email' : 'phone';
  const field = kind === 'email' ? 'emails' : 'phones';
  const schema = kind === 'email' ? EmailSchema : PhoneSchema;
  const contacts = (query.emails ?? query.phones ?? []).map((given, i) => {
    const parsed = v.safeParse(schema, given);
    if (parsed.success) return { given, value: parsed.output, error: null };
    const message = `${kind === 'email' ? 'This address' : 'This number'} ${parsed.issues[0].message}`;
    return { given, value: null, error: signetError('invalid_input', message, `${field}.${i}`) };
  });
  return { kind, contacts };
}

/**
 * A3 for a mailing list: one round trip reads the purpose and every contact's consent, one batch
 * keeps the unsubscribe hashes of the allowed ones; the answers come in the order asked (a
 * contact listed twice gets two), a malformed contact gets its own `invalid_input`.
 */
export async function checkConsents(
  db: D1Database,
  indexKey: string,
  siteId: string,
  query: ConsentCheckBatchQuery,
  options: CheckOptions,
): Promise<Result<ConsentCheckBatchResult>> {
  const now = options.now ?? new Date();
  const { kind, contacts } = parseContacts(query);
  const index = kind === 'email' ? emailIndex : phoneIndex;
  const indexes = await Promise.all(
    contacts.map((contact) =>
      contact.value === null ? null : index(indexKey, siteId, contact.value, options.mode),
    ),
  );
  const known = [...new Set(indexes.filter((found): found is string => found !== null))];
  const [purposeExists, rows] = await readTogether(db, [
    purposeExistsRead(db, siteId, query.purpose),
    activeConsentStatesRead(db, siteId, kind, known, query.purpose, now.toISOString()),
  ] as const);
  if (!purposeExists) return { ok: false, error: unknownPurpose(query.purpose, 'purpose') };
  const remember: D1PreparedStatement[] = [];
  const answers = new Map<string, ConsentCheck | SignetError>();
  const byIndex = new Map(rows.map((row) => [row.contact_index, row]));
  for (const [contactIndexValue, state] of byIndex) {
    if (!importedCounts(state, now)) continue;
    const record = recordRef(state);
    if (!record) {
      answers.set(contactIndexValue, noRecord());
      continue;
    }
    const consent = { siteId, subjectId: state.subject_id, purposeId: query.purpose };
    const answer: Extract<ConsentCheck, { allowed: true }> = {
      allowed: true,
      since: state.confirmed_at,
      record,
      basis: state.basis,
    };
    if (state.channel === 'email') {
      const link = await unsubscribeFor(db, options.linkKey, consent, options.publicUrl);
      remember.push(link.remember);
      answer.unsubscribe = link.unsubscribe;
    }
    answers.set(contactIndexValue, answer);
  }
  if (remember.length > 0) await db.batch(remember);
  const refused = { allowed: false as const, since: null, record: null };
  const results = contacts.map(({ given, error }, i): ConsentCheckBatchItem => {
    const found = error ?? answers.get(indexes[i] ?? '') ?? refused;
    return 'code' in found
      ? { contact: given, ...refused, error: found }
      : { contact: given, ...found };
  });
  return { ok: true, value: { purpose: query.purpose, results } };
}

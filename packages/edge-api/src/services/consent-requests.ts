import { type ConsentRequestSchema, type Result, serverFormPrefix, signetError } from '@signet/sdk';
import type * as v from 'valibot';
import { emailIndex, idempotencyKeyHash, phoneIndex } from '../crypto/blind-index.js';
import { hmacHex } from '../crypto/digest.js';
import { evidenceIp, evidenceUserAgent } from '../crypto/evidence.js';
import { linkKey } from '../crypto/link-tokens.js';
import { pageWithoutQuery } from '../crypto/page-url.js';
import { recordMacKey } from '../crypto/record-mac.js';
import { newId } from '../crypto/tokens.js';
import type { Env } from '../env.js';
import { smsAvailable } from '../sms/sms-sender.js';
import { allOf } from '../store/guard.js';
import {
  idempotencyKeyRead,
  insertIdempotencyKey,
  isIdempotencyKeyClash,
} from '../store/idempotency-keys.js';
import type { PendingOutboxMessage } from '../store/outbox.js';
import { currentPurposesRead } from '../store/purposes.js';
import { readTogether } from '../store/reads.js';
import { type Site, siteWithSubjectKeyRead } from '../store/sites.js';
import { pendingRequestWrites, splitByConfirmationChannel } from './pending-request.js';
import { selectPurposes } from './purpose-selection.js';
import { sealInBatch } from './record-log.js';
import {
  type Caller,
  checkCaller,
  checkIdempotency,
  checkPageUrl,
  refusal,
  scopedIdempotencyKey,
  ticketsFor,
} from './request-admission.js';
import { subjectForRequest } from './subject-keys.js';
import { verifyTurnstile } from './turnstile.js';

type ConsentRequestInput = v.InferOutput<typeof ConsentRequestSchema>;

export interface RequestContext extends Caller {
  /** Pages Signet serves itself (the hosted preferences page) count as the site's own. */
  ownOrigin?: string;
  userAgent: string | null;
  idempotencyKey: string | null;
  /** Base URL for the confirmation link. */
  publicUrl: string;
  now: Date;
  /** Set for a re-confirmation Signet sends itself (M1): its own client bucket, see ticketsFor. */
  clientBucket?: string;
  /**
   * The caller sends the messages right after the batch, from memory (`messages`): they are
   * written leased to it, so that sending needs neither a lease nor a read (issue 23).
   */
  sendsAtOnce?: boolean;
}

export interface RequestAccepted {
  outboxIds: string[];
  /** With `sendsAtOnce`: the messages the batch wrote, as the sender needs them. */
  messages: PendingOutboxMessage[];
  /** What was written, for a caller with the site key: the subject and the requests. */
  written?: { subject: string; requests: string[] };
  /** The site's origins, for the response's CORS headers. */
  siteOrigins: readonly string[];
  /** Whether the batch sealed its records too (`sealInBatch`): then nothing is left to seal. */
  sealed?: boolean;
}

const accepted = (site: Site): Result<RequestAccepted> => ({
  ok: true,
  value: { outboxIds: [], messages: [], siteOrigins: site.allowedOrigins },
});

/** What a request reads, all in one round trip before its one batch. */
async function readForRequest(env: Env, input: ConsentRequestInput, context: RequestContext) {
  const scoped = await scopedIdempotencyKey(env.INDEX_KEY, context, context.idempotencyKey);
  // Only a keyed hash is stored: shops put order ids and addresses in their keys.
  const key = scoped && (await idempotencyKeyHash(env.INDEX_KEY, input.site, scoped));
  // The blind index is keyed by the site's id, which the body names.
  const index = await emailIndex(env.INDEX_KEY, input.site, input.email, context.mode);
  // The site and the subject in one statement; without an Idempotency-Key nothing to look up.
  const [found, current, seen = null] = await readTogether(env.DB, [
    siteWithSubjectKeyRead(env.DB, input.site, index),
    // Only the chosen purposes: selectPurposes looks up no other, and an absent one is refused.
    currentPurposesRead(
      env.DB,
      input.site,
      input.locale,
      context.now.toISOString(),
      input.purposes.map((purpose) => purpose.id),
    ),
    ...(key ? [idempotencyKeyRead(env.DB, input.site, key)] : []),
  ] as const);
  const site = found?.site ?? null;
  return { site, current, subjectRow: found?.subject ?? null, seen, key, index };
}

/** The checks that depend only on the caller and the body, never on whether the address is known. */
async function admit(
  env: Env,
  site: Site,
  input: ConsentRequestInput,
  context: RequestContext,
  seen: { fingerprint: string } | null,
  keyed: boolean,
) {
  const caller = checkCaller(site, context);
  if (!caller.ok) return caller;
  const reported = checkReportedEvidence(site, input, context);
  if (!reported.ok) return reported;
  const page = checkPageUrl(site, input.pageUrl, context.ownOrigin ? [context.ownOrigin] : []);
  if (!page.ok) return page;
  // Keyed: the body holds the address, and a plain hash of it could be guessed back. Only a
  // request with an Idempotency-Key keeps or compares one.
  const fingerprint = keyed
    ? await hmacHex(env.INDEX_KEY, `idempotency:${JSON.stringify(input)}`)
    : '';
  const idempotency = checkIdempotency(seen, fingerprint);
  if (!idempotency.ok) return idempotency;
  // Turnstile tells browsers from bots; a server with the site key, or a person's session, is
  // already known.
  const browser = context.siteKeyOf === null && context.sessionOf === undefined;
  if (idempotency.value === 'new' && site.turnstileSecret && browser) {
    const check = await verifyTurnstile(
      site.turnstileSecret,
      input.turnstileToken,
      context.clientIp,
    );
    if (!check.ok) return check;
  }
  return { ok: true as const, value: { replay: idempotency.value === 'replay', fingerprint } };
}

/**
 * Only a site's server (with its key) reports evidence, and only it writes `server:` sources: a
 * browser that claimed either could pass off its request as one the shop vouched for.
 */
function checkReportedEvidence(site: Site, input: ConsentRequestInput, context: RequestContext) {
  const server = context.siteKeyOf === site.id;
  if (input.evidence && !server) {
    const message = 'Only a request with the site key may report evidence';
    return { ok: false as const, error: signetError('invalid_input', message, 'evidence') };
  }
  if (!server && input.form?.startsWith(serverFormPrefix)) {
    const message = `Form names starting with "${serverFormPrefix}" are for the site's server`;
    return { ok: false as const, error: signetError('invalid_input', message, 'form') };
  }
  return { ok: true as const };
}

/**
 * Who the record names as the source and client: what Signet saw of a browser, or for a request
 * with the site key, what the site's server reported (marked `server:`; nothing when it reported
 * nothing, since the server's own address says nothing about the person).
 */
function sourceOf(site: Site, input: ConsentRequestInput, context: RequestContext) {
  if (context.siteKeyOf !== site.id) {
    return { form: input.form ?? null, clientIp: context.clientIp, userAgent: context.userAgent };
  }
  return {
    form: `${serverFormPrefix}${input.form ?? 'checkout'}`,
    clientIp: input.evidence?.clientIp ?? null,
    userAgent: input.evidence?.userAgent ?? null,
  };
}

/**
 * Starts a double opt-in (C5). After the checks that depend only on the caller (origin or site
 * key, page, idempotency, Turnstile, purposes), every request runs the same batch: the tickets
 * decide inside it whether the subject, requests, records and messages are written. New,
 * pending, confirmed and over-limit addresses get the same 202 by the same path (S4).
 */
export async function requestConsent(
  env: Env,
  input: ConsentRequestInput,
  context: RequestContext,
): Promise<Result<RequestAccepted>> {
  const db = env.DB;
  const { site, current, subjectRow, seen, key, index } = await readForRequest(env, input, context);
  if (!site) {
    return { ok: false, error: signetError('unknown_site', `No site "${input.site}"`, 'site') };
  }
  const admitted = await admit(env, site, input, context, seen, key !== null);
  if (!admitted.ok) return admitted;
  if (admitted.value.replay) return accepted(site);

  const now = context.now.toISOString();
  const purposes = selectPurposes(input, current, smsAvailable(env));
  if (!purposes.ok) return purposes;

  const phone = input.phone
    ? {
        number: input.phone,
        index: await phoneIndex(env.INDEX_KEY, site.id, input.phone, context.mode),
      }
    : null;
  const subject = await subjectForRequest(env, subjectRow, {
    siteId: site.id,
    emailIndex: index,
    email: input.email,
    now,
    test: context.mode === 'test',
  });
  const parts = splitByConfirmationChannel(purposes.value);
  const source = sourceOf(site, input, context);
  const tickets = await ticketsFor(db, {
    site,
    indexKey: env.INDEX_KEY,
    submissionId: newId(),
    // A shop's server speaks for many customers: its requests are counted per reported client.
    clientIp: source.clientIp ?? context.clientIp,
    email: input.email,
    phoneIndex: phone?.index ?? null,
    channels: parts.map((part) => part.channel),
    now: context.now,
    mode: context.mode,
    clientBucket: context.clientBucket,
  });
  const recordContext = {
    pageUrl: pageWithoutQuery(input.pageUrl),
    form: source.form,
    evidenceIp: await evidenceIp(site.evidenceIp, source.clientIp, env.INDEX_KEY),
    userAgent: evidenceUserAgent(source.userAgent),
  };
  const [links, recordKey] = await Promise.all([linkKey(env), recordMacKey(env)]);
  const writes = await Promise.all(
    parts.map((part) =>
      pendingRequestWrites(db, {
        site,
        input,
        part,
        emailIndex: index,
        subject,
        phone,
        publicUrl: context.publicUrl,
        linkKey: links,
        recordKey,
        recordContext,
        now: context.now,
        guard: allOf(part.channel === 'sms' ? tickets.phone : tickets.address, subject.keyKept),
        sendsAtOnce: context.sendsAtOnce ?? false,
        test: context.mode === 'test',
      }),
    ),
  );
  const { fingerprint } = admitted.value;
  const subjectWrites = subject.writes(tickets.address);
  const statements = [
    ...tickets.statements,
    ...subjectWrites,
    ...writes.flatMap((write) => write.statements),
    ...(key
      ? [
          insertIdempotencyKey(
            db,
            { siteId: site.id, keyHash: key, fingerprint, emailIndex: index, createdAt: now },
            tickets.admitted,
          ),
        ]
      : []),
  ];
  // A test key's records never enter the log (decision 0011): nothing to seal for them.
  const seal =
    context.mode === 'test'
      ? null
      : await sealInBatch(
          env,
          site.id,
          writes.flatMap((write) => write.records),
        );
  let results: D1Result[];
  try {
    results = await db.batch([...statements, ...(seal?.statements ?? [])]);
  } catch (error) {
    // A concurrent retry with the same key won the race and did the work: answer as it did.
    if (isIdempotencyKeyClash(error)) return accepted(site);
    throw error;
  }
  // Told at once, refused or not: a seal that did not take must not stay this isolate's head.
  const sealed = seal?.sealed(results) ?? false;
  const refused = refusal(tickets, results);
  if (!refused.ok) return refused;
  const outboxIds = writes.map((write) => write.outboxId);
  // A request's insert is the first of its statements and its message the last: nothing was
  // written when its ticket refused.
  let at = tickets.statements.length + subjectWrites.length;
  const requests: string[] = [];
  const messages: PendingOutboxMessage[] = [];
  for (const write of writes) {
    if (results[at]?.meta.changes === 1) requests.push(write.requestId);
    at += write.statements.length;
    if (context.sendsAtOnce && results[at - 1]?.meta.changes === 1) messages.push(write.message);
  }
  const written = { subject: subject.subjectId, requests };
  const value = { outboxIds, messages, siteOrigins: site.allowedOrigins, written, sealed };
  return { ok: true, value };
}

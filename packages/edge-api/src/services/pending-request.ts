import type { ConsentRequestSchema } from '@signet/sdk';
import type * as v from 'valibot';
import { seal } from '../crypto/data-keys.js';
import { linkMarks, linkToken } from '../crypto/link-tokens.js';
import { newId, tokenHash } from '../crypto/tokens.js';
import { confirmationEmail } from '../mail/confirmation-email.js';
import { confirmationSms } from '../sms/confirmation-sms.js';
import { insertConsentRequest, type NewConsentRequest } from '../store/consent-requests.js';
import type { Guard } from '../store/guard.js';
import { deflateBody } from '../store/message-bodies.js';
import { insertOutboxMessage, outboxLeaseMs, type PendingOutboxMessage } from '../store/outbox.js';
import type { CurrentPurpose } from '../store/purposes.js';
import { insertRecordForIndex, type RecordContext, withMac } from '../store/records.js';
import type { Site } from '../store/sites.js';
import { type SubjectForRequest, sealedAs } from './subject-keys.js';

type ConsentRequestInput = v.InferOutput<typeof ConsentRequestSchema>;

export interface ConfirmationPart {
  channel: 'email' | 'sms';
  purposes: CurrentPurpose[];
}

/**
 * C5: SMS and phone purposes are confirmed by a link sent by SMS to the number, email purposes
 * by email to the address; each part is a request of its own with its own link.
 */
export function splitByConfirmationChannel(purposes: CurrentPurpose[]): ConfirmationPart[] {
  const byPhone = purposes.filter((purpose) => purpose.channel !== 'email');
  const byEmail = purposes.filter((purpose) => purpose.channel === 'email');
  return [
    ...(byEmail.length ? [{ channel: 'email' as const, purposes: byEmail }] : []),
    ...(byPhone.length ? [{ channel: 'sms' as const, purposes: byPhone }] : []),
  ];
}

/** The rows of one pending request: it replaces an older one, its records, its message. */
export async function pendingRequestWrites(
  db: D1Database,
  args: {
    site: Site;
    input: ConsentRequestInput;
    part: ConfirmationPart;
    emailIndex: string;
    /** The subject and the data key the request's contact data is sealed with (S2). */
    subject: SubjectForRequest;
    phone: { number: string; index: string } | null;
    publicUrl: string;
    /** The secret the link's token is derived from (crypto/link-tokens.ts). */
    linkKey: string;
    /** The key of the records' MAC (crypto/record-mac.ts). */
    recordKey: string;
    recordContext: RecordContext;
    now: Date;
    guard: Guard;
    /** Written leased to the request, which sends it from memory (`message`) right after. */
    sendsAtOnce: boolean;
    /** A test key's person (decision 0011): the message goes to the site's test mailbox. */
    test: boolean;
  },
) {
  const { site, input, part, guard } = args;
  const now = args.now.toISOString();
  const requestId = newId();
  // The token is derived again at send time; here only its hash is kept.
  const linkHash = await tokenHash(await linkToken(args.linkKey, 'confirm', requestId));
  const outboxId = newId();
  const chosen = part.purposes.map((purpose) => ({
    id: purpose.id,
    wordingVersion: purpose.wordingVersion,
  }));
  const { subjectId, dataKey } = args.subject;
  const phone =
    part.channel === 'sms' && args.phone
      ? {
          sealed: await seal(dataKey.key, args.phone.number, sealedAs.phone(subjectId)),
          index: args.phone.index,
        }
      : null;
  const request: NewConsentRequest = {
    id: requestId,
    siteId: site.id,
    emailIndex: args.emailIndex,
    tokenHash: linkHash,
    purposes: chosen,
    phone,
    referenceSealed:
      input.reference === undefined
        ? null
        : await seal(dataKey.key, input.reference, sealedAs.reference(subjectId)),
    locale: input.locale,
    pageUrl: args.recordContext.pageUrl ?? input.pageUrl,
    createdAt: now,
    expiresAt: new Date(args.now.getTime() + site.confirmTokenTtlSeconds * 1000).toISOString(),
  };
  const confirmation = {
    locale: input.locale,
    siteName: site.name,
    purposeLabels: part.purposes.map((purpose) => purpose.wording.label),
    confirmUrl: `${args.publicUrl}/confirm/${(await linkMarks(args.linkKey, 'confirm', requestId)).token}`,
    validHours: Math.round(site.confirmTokenTtlSeconds / 3600),
  };
  const message =
    part.channel === 'sms'
      ? {
          ...confirmationSms({ ...confirmation, to: args.phone?.number ?? '' }),
          subject: 'SMS',
          html: '',
        }
      : confirmationEmail({
          ...confirmation,
          to: input.email,
          controller: site.controllerName,
          preferencesUrl: `${args.publicUrl}/p/${site.id}?lang=${input.locale}`,
        });
  const contact = { emailIndex: args.emailIndex, phoneIndex: request.phone?.index ?? null };
  const records = await Promise.all(
    chosen.map((purpose) =>
      withMac(
        args.recordKey,
        {
          id: newId(),
          siteId: site.id,
          subjectId,
          purposeId: purpose.id,
          event: 'requested',
          wordingVersion: purpose.wordingVersion,
          requestId,
          context: args.recordContext,
          createdAt: now,
        },
        contact,
      ),
    ),
  );
  const recipient = part.channel === 'sms' ? (args.phone?.number ?? '') : input.email;
  // An email to the address the subject row seals in the same batch names no recipient of its
  // own: it is the subject's address (issue 23). Any other keeps its recipient, sealed.
  const toSealed =
    part.channel === 'email' && args.subject.holdsAddressAsGiven
      ? null
      : await seal(dataKey.key, recipient, sealedAs.recipient(subjectId));
  // The confirmation message is kept as sent for good (P1): stored compressed.
  const deflated = await deflateBody(message);
  const statements = [
    insertConsentRequest(db, request, guard),
    ...records.map((record) => insertRecordForIndex(db, contact, record, guard)),
    insertOutboxMessage(
      db,
      {
        id: outboxId,
        channel: part.channel,
        siteId: site.id,
        requestId,
        subjectId,
        ...message,
        deflated,
        toSealed,
        link: { kind: 'confirm', ref: requestId },
        linkHash,
      },
      now,
      guard,
      args.sendsAtOnce ? new Date(args.now.getTime() + outboxLeaseMs).toISOString() : undefined,
    ),
  ];
  // What the sender needs, the recipient in clear: it never reads the row back.
  const pending: PendingOutboxMessage = {
    id: outboxId,
    channel: part.channel,
    siteId: site.id,
    test: args.test,
    requestId,
    subjectId,
    toSealed: null,
    toSealedAs: 'recipient',
    to: recipient,
    link: { kind: 'confirm', ref: requestId },
    subject: message.subject,
    text: message.text,
    html: message.html,
    attempts: 0,
  };
  // The records with the contact they are written with: what a seal in the same batch signs.
  const sealable = records.map((record) => ({ record, contact }));
  return { outboxId, requestId, statements, message: pending, records: sealable };
}

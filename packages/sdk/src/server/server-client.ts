import type * as v from 'valibot';
import { type Acknowledgement, AcknowledgementSchema } from '../contract/acknowledgements.js';
import {
  type SubjectConsents,
  SubjectConsentsSchema,
  type SuppressionStatus,
  SuppressionStatusSchema,
} from '../contract/admin.js';
import type { Locale } from '../contract/common.js';
import {
  type ConsentRequestAccepted,
  ConsentRequestAcceptedSchema,
  type ReportedEvidence,
} from '../contract/consent-requests.js';
import {
  ConsentCheckBatchResultSchema,
  ConsentCheckSchema,
  type EvidenceFormat,
  maxBatchContacts,
} from '../contract/consents.js';
import { type Result, signetError } from '../contract/errors.js';
import { type Erasure, ErasureSchema, type Export, ExportSchema } from '../contract/export.js';
import { type Evidence, EvidenceSchema } from '../contract/records.js';
import type { ConsentWebhookEvent } from '../contract/webhooks.js';
import {
  type ContactDecision,
  type ContactInput,
  contactOf,
  decide,
  refuse,
} from './may-contact.js';
import {
  type CallOptions,
  type ServerOptions,
  type SignetDocument,
  serverCall,
  serverDocument,
} from './resilient-call.js';

/** A consent request from the shop's server, with what its checkout saw of the person. */
export interface ServerConsentRequest {
  email: string;
  /** Only with an SMS or phone purpose. */
  phone?: string;
  purposes: { id: string; wordingVersion: string }[];
  locale: Locale;
  /** The page the person ticked the boxes on. */
  pageUrl: string;
  /** Which form asked; recorded as `server:<form>` (default `server:checkout`). */
  form?: string;
  /** The person's IP address and user agent as the checkout received them; recorded as reported. */
  evidence: ReportedEvidence;
}

/** Whom and for what: an email address or a phone number (not both), and one purpose. */
export type MayContactQuery = ContactInput & {
  purpose: string;
  /** `call`: about to call on a phone purpose; an allowed answer is recorded as a use (§ 7a UWG). */
  use?: 'call';
};

export type MayContactManyQuery =
  | { purpose: string; emails: string[]; phones?: never }
  | { purpose: string; phones: string[]; emails?: never };

export interface SignetServer {
  /** Starts the double opt-in for a checkout's ticked purposes: Signet mails the confirmation. */
  requestConsent(
    input: ServerConsentRequest,
    options?: CallOptions,
  ): Promise<Result<ConsentRequestAccepted>>;
  /** May I contact this person for this purpose? Fails closed: see {@link ContactDecision}. */
  mayContact(query: MayContactQuery, options?: CallOptions): Promise<ContactDecision>;
  /**
   * {@link SignetServer.mayContact} for a mailing list: one request per 1,000 contacts, answers
   * in the order given. A malformed contact gets its own `reason: 'error'` (`invalid_input`,
   * `field` naming its place in the request, e.g. `emails.3`); a failed request (an unknown
   * purpose, say) makes all its contacts `allowed: false, reason: 'error'`.
   */
  mayContactMany(
    query: MayContactManyQuery,
    options?: CallOptions,
  ): Promise<(ContactDecision & { contact: string })[]>;
  /** Every purpose's state for one person (A3). */
  findSubject(query: ContactInput, options?: CallOptions): Promise<Result<SubjectConsents>>;
  /** Everything Signet holds about a person, for their access request (R2, R3). */
  exportSubject(query: ContactInput, options?: CallOptions): Promise<Result<Export>>;
  /** Erases a person (R4), with signed `erased` records; their address is suppressed (R5). */
  eraseSubject(query: ContactInput, options?: CallOptions): Promise<Result<Erasure>>;
  /** Is this address or number on the suppression list (R5)? */
  suppression(query: ContactInput, options?: CallOptions): Promise<Result<SuppressionStatus>>;
  /**
   * The proof of a person's consent (P1), for one purpose or all of theirs, found after an
   * erasure too: the contract's {@link Evidence} as JSON, or with `format` the exhibit ("Nachweis
   * der Einwilligung") as a file, HTML or PDF, in `locale` (default: the site's).
   */
  evidence(
    query: EvidenceRequest & { format?: 'json' },
    options?: CallOptions,
  ): Promise<Result<Evidence>>;
  evidence(
    query: EvidenceRequest & { format: 'html' | 'pdf' },
    options?: CallOptions,
  ): Promise<Result<SignetDocument>>;
  /**
   * A5: one of your systems (`system`, as the site's `honourSystems` lists it) applied a
   * withdrawal or an erasure. `event` is the `consent.withdrawn` or `subject.erased` webhook as
   * received (or the id of its record). Signet writes a signed `honoured` record; calling it
   * again for the same system answers the first one (`created: false`), so a retry is safe.
   *
   * @example
   * await mailingList.remove(subjectId);
   * await signet.acknowledge(event, { system: 'brevo' });
   */
  acknowledge(
    event: ConsentWebhookEvent | string,
    by: { system: string },
    options?: CallOptions,
  ): Promise<Result<Acknowledgement>>;
}

/** Whose evidence, for which purpose (none: all), in which language. */
export type EvidenceRequest = ContactInput & { purpose?: string; locale?: Locale };

/**
 * The site owner's server-side client (needs the site key; never ship it to a browser). Every
 * call is retried on network errors, timeouts, 429 and 5xx, with an `Idempotency-Key` on POSTs;
 * it resolves to a {@link Result} (or a {@link ContactDecision}) and never throws, except when
 * your own `signal` aborts it.
 *
 * @example
 * const signet = createSignetServer({ endpoint, site: 'shop', apiKey: process.env.SIGNET_KEY });
 * const decision = await signet.mayContact({ email, purpose: 'newsletter' });
 * if (decision.allowed) await sendNewsletter(email, decision.unsubscribe);
 */
export function createSignetServer(options: ServerOptions): SignetServer {
  const post = <S extends v.GenericSchema>(
    schema: S,
    path: string,
    body: unknown,
    call: CallOptions = {},
  ) => serverCall(options, schema, path, { ...call, method: 'POST', body });
  /** A call about one person, refused before it leaves when the contact is not exactly one. */
  const aboutPerson = async <S extends v.GenericSchema>(
    schema: S,
    path: string,
    query: ContactInput,
    call?: CallOptions,
  ): Promise<Result<v.InferOutput<S>>> => {
    const contact = contactOf(query);
    return contact.ok ? post(schema, path, contact.value, call) : contact;
  };

  return {
    requestConsent: (input, call) =>
      post(
        ConsentRequestAcceptedSchema,
        '/v1/consent-requests',
        { site: options.site, ...input },
        call,
      ),
    mayContact: async (query, call) => {
      const contact = contactOf(query);
      if (!contact.ok) return refuse(contact.error);
      const body = {
        ...contact.value,
        purpose: query.purpose,
        ...(query.use ? { use: query.use } : {}),
      };
      return decide(await post(ConsentCheckSchema, '/v1/consents/check', body, call));
    },
    mayContactMany: async (query, call) => {
      // Typed to be one or the other; a caller without types can still pass both.
      const both = query as { emails?: string[]; phones?: string[] };
      if (both.emails !== undefined && both.phones !== undefined) {
        const message = 'give either emails or phones, not both';
        const error = signetError('invalid_input', message, 'phones');
        return [...both.emails, ...both.phones].map((contact) => ({
          contact,
          ...refuse(error),
        }));
      }
      const kind = query.emails ? 'emails' : 'phones';
      const contacts = query.emails ?? query.phones ?? [];
      const answers: (ContactDecision & { contact: string })[] = [];
      for (let start = 0; start < contacts.length; start += maxBatchContacts) {
        const chunk = contacts.slice(start, start + maxBatchContacts);
        // A key of its own per chunk: the caller's would make every chunk the same request.
        const rest = call?.signal ? { signal: call.signal } : {};
        const result = await post(
          ConsentCheckBatchResultSchema,
          '/v1/consents/checks',
          { purpose: query.purpose, [kind]: chunk },
          rest,
        );
        if (!result.ok || result.value.results.length !== chunk.length) {
          const error = result.ok
            ? signetError('invalid_response', 'Signet answered for other contacts')
            : result.error;
          answers.push(...chunk.map((contact) => ({ contact, ...refuse(error) })));
          continue;
        }
        answers.push(
          ...result.value.results.map(({ contact, ...answer }) => ({
            contact,
            ...('error' in answer && answer.error
              ? refuse(answer.error)
              : decide({ ok: true, value: answer })),
          })),
        );
      }
      return answers;
    },
    findSubject: (query, call) =>
      aboutPerson(SubjectConsentsSchema, '/v1/admin/subjects/consents', query, call),
    exportSubject: (query, call) =>
      aboutPerson(ExportSchema, '/v1/admin/subjects/export', query, call),
    eraseSubject: (query, call) =>
      aboutPerson(ErasureSchema, '/v1/admin/subjects/erasure', query, call),
    suppression: (query, call) =>
      aboutPerson(SuppressionStatusSchema, '/v1/admin/suppressions/lookup', query, call),
    evidence: (async (query: EvidenceRequest & { format?: EvidenceFormat }, call?: CallOptions) => {
      const contact = contactOf(query);
      if (!contact.ok) return contact;
      const body = Object.fromEntries(
        Object.entries({
          ...contact.value,
          purpose: query.purpose,
          locale: query.locale,
          format: query.format,
        }).filter(([, value]) => value !== undefined),
      );
      return query.format === 'html' || query.format === 'pdf'
        ? serverDocument(options, '/v1/consents/evidence', { ...call, method: 'POST', body })
        : post(EvidenceSchema, '/v1/consents/evidence', body, call);
    }) as SignetServer['evidence'],
    acknowledge: (event, by, call) =>
      post(
        AcknowledgementSchema,
        '/v1/admin/acknowledgements',
        {
          record: typeof event === 'string' ? event : event.data.record.record.id,
          system: by.system,
        },
        call,
      ),
  };
}

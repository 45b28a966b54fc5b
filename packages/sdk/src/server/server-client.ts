import type * as v from 'valibot';
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
  type ContactQuery,
  type EvidenceFormat,
  maxBatchContacts,
} from '../contract/consents.js';
import type { Result } from '../contract/errors.js';
import { type Erasure, ErasureSchema, type Export, ExportSchema } from '../contract/export.js';
import { type Evidence, EvidenceSchema } from '../contract/records.js';
import { type ContactDecision, decide } from './may-contact.js';
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

export type MayContactQuery = ContactQuery & {
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
   * in the order given. A failed request makes its contacts `allowed: false, reason: 'error'`.
   */
  mayContactMany(
    query: MayContactManyQuery,
    options?: CallOptions,
  ): Promise<(ContactDecision & { contact: string })[]>;
  /** Every purpose's state for one person (A3). */
  findSubject(query: ContactQuery, options?: CallOptions): Promise<Result<SubjectConsents>>;
  /** Everything Signet holds about a person, for their access request (R2, R3). */
  exportSubject(query: ContactQuery, options?: CallOptions): Promise<Result<Export>>;
  /** Erases a person (R4), with signed `erased` records; their address is suppressed (R5). */
  eraseSubject(query: ContactQuery, options?: CallOptions): Promise<Result<Erasure>>;
  /** Is this address or number on the suppression list (R5)? */
  suppression(query: ContactQuery, options?: CallOptions): Promise<Result<SuppressionStatus>>;
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
}

/** Whose evidence, for which purpose (none: all), in which language. */
export type EvidenceRequest = ContactQuery & { purpose?: string; locale?: Locale };

const contactOnly = (query: ContactQuery): ContactQuery =>
  query.email !== undefined ? { email: query.email } : { phone: query.phone as string };

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

  return {
    requestConsent: (input, call) =>
      post(
        ConsentRequestAcceptedSchema,
        '/v1/consent-requests',
        { site: options.site, ...input },
        call,
      ),
    mayContact: async (query, call) => {
      const body = {
        ...contactOnly(query),
        purpose: query.purpose,
        ...(query.use ? { use: query.use } : {}),
      };
      return decide(await post(ConsentCheckSchema, '/v1/consents/check', body, call));
    },
    mayContactMany: async (query, call) => {
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
            ? {
                code: 'invalid_response' as const,
                message: 'Signet answered for other contacts',
                field: null,
              }
            : result.error;
          answers.push(
            ...chunk.map((contact) => ({
              contact,
              allowed: false as const,
              reason: 'error' as const,
              error,
            })),
          );
          continue;
        }
        answers.push(
          ...result.value.results.map(({ contact, ...check }) => ({
            contact,
            ...decide({ ok: true, value: check }),
          })),
        );
      }
      return answers;
    },
    findSubject: (query, call) =>
      post(SubjectConsentsSchema, '/v1/admin/subjects/consents', contactOnly(query), call),
    exportSubject: (query, call) =>
      post(ExportSchema, '/v1/admin/subjects/export', contactOnly(query), call),
    eraseSubject: (query, call) =>
      post(ErasureSchema, '/v1/admin/subjects/erasure', contactOnly(query), call),
    suppression: (query, call) =>
      post(SuppressionStatusSchema, '/v1/admin/suppressions/lookup', contactOnly(query), call),
    evidence: ((query: EvidenceRequest & { format?: EvidenceFormat }, call?: CallOptions) => {
      const body = Object.fromEntries(
        Object.entries({
          ...contactOnly(query),
          purpose: query.purpose,
          locale: query.locale,
          format: query.format,
        }).filter(([, value]) => value !== undefined),
      );
      return query.format === 'html' || query.format === 'pdf'
        ? serverDocument(options, '/v1/consents/evidence', { ...call, method: 'POST', body })
        : post(EvidenceSchema, '/v1/consents/evidence', body, call);
    }) as SignetServer['evidence'],
  };
}

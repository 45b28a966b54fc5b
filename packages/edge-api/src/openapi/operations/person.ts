import {
  ConsentRequestAcceptedSchema,
  ErasureSchema,
  ExportQuerySchema,
  ExportSchema,
  MeQuerySchema,
  MeSchema,
  PreferenceLinkAcceptedSchema,
  PreferenceLinkRequestSchema,
  PreferenceSessionRequestSchema,
  PreferenceSessionSchema,
  ReceiptQuerySchema,
  ReceiptSchema,
  ReconsentRequestSchema,
  SessionEndedSchema,
  WithdrawalRequestSchema,
  WithdrawalSchema,
} from '@signet/sdk';
import type { Operation } from '../operation.js';

const fresh =
  ' Needs a session opened in the last 15 minutes (an older one answers `unauthorized`: open the link again).';

export const personOperations: Operation[] = [
  {
    method: 'post',
    path: '/v1/preference-links',
    operationId: 'requestPreferenceLink',
    tag: 'Person',
    summary: 'Mail me a link to my preferences',
    description:
      'A known address gets a link to `/p/{site}#token=…` (60 minutes, not used up by opening it) and an 8-digit code for another device. The answer is the same `202` for known and unknown addresses. From a browser (its `Origin` one of the site’s) or with the site key.',
    security: 'optionalSiteKey',
    body: {
      schema: PreferenceLinkRequestSchema,
      example: { site: 'demo', email: 'person@example.org', locale: 'en' },
    },
    responses: {
      202: { description: 'Sent, if the address is known', json: PreferenceLinkAcceptedSchema },
    },
    errors: ['unknown_site', 'origin_not_allowed', 'rate_limited', 'turnstile_failed'],
  },
  {
    method: 'post',
    path: '/v1/preference-sessions',
    operationId: 'openPreferenceSession',
    tag: 'Person',
    summary: 'Open a session',
    description:
      'With the link’s token, or with site, address and the 8-digit code of any of the person’s open links (five failed tries per person over all of them). A wrong code answers `unauthorized` with `field: "code"` and the tries left in the message (`Wrong code: 3 tries left`), counted per address for every address alike, so the answer does not tell whether an address is known. Each client may try 60 times an hour. The session is a bearer credential for one site and one person: 15 minutes idle, 60 at most.',
    security: 'none',
    body: { schema: PreferenceSessionRequestSchema, example: { token: 'A'.repeat(43) } },
    responses: { 201: { description: 'Opened', json: PreferenceSessionSchema } },
    errors: ['unauthorized', 'rate_limited'],
  },
  {
    method: 'get',
    path: '/v1/me',
    operationId: 'getMe',
    tag: 'Person',
    summary: 'What the site holds about me',
    description:
      'The contact data (masked), every purpose of the site with its state and wording, and the history of records. Each use keeps the session alive.',
    security: 'preferenceSession',
    query: MeQuerySchema,
    queryDescriptions: { locale: 'Language of the wordings (English when absent)' },
    responses: { 200: { description: 'The person on this site', json: MeSchema } },
  },
  {
    method: 'post',
    path: '/v1/me/withdrawals',
    operationId: 'withdraw',
    tag: 'Person',
    summary: 'Withdraw purposes',
    description:
      'Withdrawn at once, each with a signed `withdrawn` record. When nothing is left active or pending, the person is erased (`erased: true`, the same rule as a one-click unsubscribe or a lapsed lifetime): signed `erased` records, suppression, rows and data key; the signed records stay. The session ends. Needs no fresh session: withdrawing stays as easy as giving.',
    security: 'preferenceSession',
    body: { schema: WithdrawalRequestSchema, example: { purposes: ['newsletter'] } },
    responses: { 200: { description: 'What changed', json: WithdrawalSchema } },
  },
  {
    method: 'post',
    path: '/v1/me/consent-requests',
    operationId: 'reconsent',
    tag: 'Person',
    summary: 'Agree (again)',
    description:
      'Starts a new double opt-in to the session’s own address: nothing is active before its link is used.',
    security: 'preferenceSession',
    body: {
      schema: ReconsentRequestSchema,
      example: { purposes: [{ id: 'newsletter', wordingVersion: '0'.repeat(64) }], locale: 'en' },
    },
    responses: { 202: { description: 'Link sent', json: ConsentRequestAcceptedSchema } },
    errors: ['unknown_purpose', 'outdated_wording', 'rate_limited', 'sms_not_configured'],
  },
  {
    method: 'get',
    path: '/v1/me/export',
    operationId: 'exportMe',
    tag: 'Person',
    summary: 'Export my data',
    description: `Every row held about the person on this site: JSON valid against \`/schemas/export.json\` (indented by two spaces), a readable page in the person’s language (purpose labels, times in the site’s time zone, a sentence on what each part means, a CSV button), or the history as CSV (one row per record: local time, purpose label, event, wording version; UTF-8 with a byte order mark). JSON and CSV come as attachments.${fresh}`,
    security: 'preferenceSession',
    query: ExportQuerySchema,
    queryDescriptions: {
      format: '`json` (the default), `html` or `csv`',
      locale:
        'Language of the page and of the CSV (`de`, `en`, `fr`); else the browser’s `Accept-Language` if Signet speaks it, else the site’s default',
    },
    responses: {
      200: { description: 'The export', json: ExportSchema, text: ['text/html', 'text/csv'] },
    },
  },
  {
    method: 'post',
    path: '/v1/me/erasure',
    operationId: 'eraseMe',
    tag: 'Person',
    summary: 'Erase me',
    description: `Signed \`erased\` records (keyed hashes only, so the log stays verifiable), the address on the suppression list, then every row and the person’s data key. The session ends.${fresh}`,
    security: 'preferenceSession',
    responses: { 200: { description: 'Erased', json: ErasureSchema } },
  },
  {
    method: 'delete',
    path: '/v1/me/session',
    operationId: 'endSession',
    tag: 'Person',
    summary: 'Sign out',
    description: 'Ends the session now: its token opens nothing after.',
    security: 'preferenceSession',
    responses: { 200: { description: 'Signed out', json: SessionEndedSchema } },
  },
  {
    method: 'get',
    path: '/v1/me/receipts',
    operationId: 'getReceipt',
    tag: 'Person',
    summary: 'My receipt for one purpose',
    description:
      'The receipt the person keeps (P6): the latest confirmed consent to the purpose with its signed records (request, confirmation, and withdrawal, use, expiry or erasure when there are), the wording as shown, the controller, the person’s contact, the keys and a signed excerpt covering the records; the service signs it whole. Field names follow ISO/IEC TS 27560 (docs/receipt.md). Check it with `npx signet verify` or `verifyReceipt` from `@signet/sdk/verify`. `format=html` is the same receipt as a page.',
    security: 'preferenceSession',
    query: ReceiptQuerySchema,
    queryDescriptions: {
      purpose: 'The purpose’s id',
      format: '`json` (the default, an attachment) or `html`',
    },
    responses: {
      200: { description: 'The receipt', json: ReceiptSchema, text: ['text/html'] },
    },
    errors: ['unknown_purpose', 'not_found'],
  },
];

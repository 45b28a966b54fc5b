import { ReceiptQuerySchema, ReceiptSchema, SiteIdSchema } from '@signet/sdk';
import type { Operation, Parameter } from '../operation.js';

const linkToken: Parameter = {
  schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{43}$' },
  description: 'The token from the link in the message',
};

const language =
  ' The page speaks the request’s language, from `Accept-Language` when it is German, English or French.';

export const pageOperations: Operation[] = [
  {
    method: 'get',
    path: '/receipt/{token}',
    operationId: 'getReceiptByToken',
    tag: 'Pages',
    summary: 'The receipt of a confirmation just made',
    description:
      'Linked from the page that says a confirmation succeeded, one link per purpose: the same receipt as `GET /v1/me/receipts`, for that request. The token opens this receipt and nothing else, for 30 minutes (decision 0007); the confirmation link itself is no key to it.',
    security: 'none',
    pathParameters: {
      token: {
        schema: {
          type: 'string',
          pattern: '^([0-9a-f-]{36}|[A-Za-z0-9]{22})\\.\\d{1,15}\\.[A-Za-z0-9_-]{43}$',
        },
        description: 'The receipt token from the done page',
      },
    },
    query: ReceiptQuerySchema,
    queryDescriptions: {
      purpose: 'One of the confirmed request’s purposes',
      format: '`json` (the default, an attachment) or `html`',
    },
    responses: {
      200: { description: 'The receipt', json: ReceiptSchema, text: ['text/html'] },
      404: {
        description: 'An unknown, changed or ended token, or another purpose',
        text: ['text/html'],
      },
    },
  },
  {
    method: 'get',
    path: '/confirm/{token}',
    operationId: 'showConfirmation',
    tag: 'Pages',
    summary: 'Confirmation page',
    description:
      'The link of a confirmation message opens this page: what will be confirmed, and a button. Opening it changes nothing (link scanners open every link).',
    security: 'none',
    pathParameters: { token: linkToken },
    responses: {
      200: { description: 'The purposes and the button', text: ['text/html'] },
      404: { description: 'An unknown link', text: ['text/html'] },
      409: { description: 'Already confirmed', text: ['text/html'] },
      410: { description: 'The link expired', text: ['text/html'] },
    },
  },
  {
    method: 'post',
    path: '/confirm/{token}',
    operationId: 'confirm',
    tag: 'Pages',
    summary: 'Confirm',
    description:
      'Only the page’s own button confirms: same origin (`Sec-Fetch-Site: same-origin`, or without it an `Origin` equal to the API’s own) and the nonce of the page as rendered. The purposes become active and a signed `confirmed` record says how. A cross-site POST gets a 403 page and changes nothing; a POST with neither header gets a 403 JSON error (`origin_not_allowed`) and changes nothing.',
    security: 'none',
    pathParameters: { token: linkToken },
    body: {
      media: 'application/x-www-form-urlencoded',
      schema: {
        type: 'object',
        properties: { nonce: { type: 'string', description: 'From the page’s form' } },
        required: ['nonce'],
      },
    },
    responses: {
      200: { description: 'Confirmed', text: ['text/html'] },
      403: {
        description: 'From another site, or without the page’s nonce: nothing changed',
        text: ['text/html'],
      },
      404: { description: 'An unknown link', text: ['text/html'] },
      409: {
        description: 'Already confirmed, or the number belongs to someone else',
        text: ['text/html'],
      },
      410: { description: 'The link expired', text: ['text/html'] },
    },
    errors: ['origin_not_allowed'],
  },
  {
    method: 'get',
    path: '/u/{token}',
    operationId: 'showUnsubscribe',
    tag: 'Pages',
    summary: 'Unsubscribe page',
    description: `The RFC 8058 link of a mailing: a page with a button; opening it changes nothing. When the purpose is the person’s last, the page says before the button that their data will be deleted and only the signed proof stays.${language}`,
    security: 'none',
    pathParameters: { token: linkToken },
    responses: {
      200: { description: 'The button, or that it is done already', text: ['text/html'] },
      404: { description: 'An unknown link', text: ['text/html'] },
    },
  },
  {
    method: 'post',
    path: '/u/{token}',
    operationId: 'unsubscribe',
    tag: 'Pages',
    summary: 'One-click unsubscribe',
    description: `RFC 8058: \`List-Unsubscribe=One-Click\` as a form or as multipart, no cookie or \`Origin\` needed. Withdraws the purpose with a signed record and answers 200 (no redirect). When it was the person’s last purpose (nothing else active or pending), the person is erased as by a withdrawal on the preferences page: signed \`erased\` records, suppression, rows and data key; the signed records stay.${language}`,
    security: 'none',
    pathParameters: { token: linkToken },
    body: {
      media: 'application/x-www-form-urlencoded',
      schema: {
        type: 'object',
        properties: { 'List-Unsubscribe': { const: 'One-Click' } },
        required: ['List-Unsubscribe'],
      },
      example: { 'List-Unsubscribe': 'One-Click' },
    },
    responses: {
      200: { description: 'Unsubscribed', text: ['text/html'] },
      404: { description: 'An unknown link', text: ['text/html'] },
    },
    errors: ['invalid_input'],
  },
  {
    method: 'get',
    path: '/p/{site}',
    operationId: 'showPreferences',
    tag: 'Pages',
    summary: 'Hosted preferences page',
    description:
      '`<signet-preferences>` for sites that do not embed it, under a strict CSP with Trusted Types. The link from a preference email carries its token in the fragment (`#token=…`), which never reaches a server.',
    security: 'none',
    pathParameters: { site: { schema: SiteIdSchema, description: 'The site’s id' } },
    responses: {
      200: { description: 'The page', text: ['text/html'] },
      404: { description: 'No such site', text: ['text/html'] },
    },
  },
  {
    method: 'get',
    path: '/admin',
    operationId: 'showConsole',
    tag: 'Pages',
    summary: 'The site owner’s console',
    description:
      'A Lit app (its own bundle, `/console/signet-console.js`) under a strict CSP with Trusted Types: sign in with a mailed link (`#token=…`) or a pasted site key, then settings, purposes and wordings, consents and records, a person’s request, keys and the admin log, reports and the Art. 30 entry, all through the admin API.',
    security: 'none',
    responses: { 200: { description: 'The page', text: ['text/html'] } },
  },
];

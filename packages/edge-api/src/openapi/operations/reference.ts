import { DevMailboxSchema } from '@signet/sdk';
import type { Operation } from '../operation.js';

const jsonDocument = { type: 'object', additionalProperties: true } as const;

export const referenceOperations: Operation[] = [
  {
    method: 'get',
    path: '/openapi.json',
    operationId: 'getOpenApi',
    tag: 'Reference',
    summary: 'This API as OpenAPI 3.1',
    description:
      'Generated from the SDK’s contract (JSON Schema 2020-12); open to every origin so that tools can load it.',
    security: 'none',
    responses: { 200: { description: 'The OpenAPI document', json: jsonDocument } },
  },
  {
    method: 'get',
    path: '/docs',
    operationId: 'showApiReference',
    tag: 'Reference',
    summary: 'API reference',
    description:
      'This page: every operation of the OpenAPI document, readable without JavaScript, with a small form per operation to try it.',
    security: 'none',
    responses: { 200: { description: 'The page', text: ['text/html'] } },
  },
  {
    method: 'get',
    path: '/docs/try-it.js',
    operationId: 'getApiReferenceScript',
    tag: 'Reference',
    summary: 'The reference page’s script',
    description:
      'Sends a “try it” form with `fetch` and shows the answer; served from this origin, so the page needs no inline script.',
    security: 'none',
    responses: { 200: { description: 'The script', text: ['text/javascript'] } },
  },
  {
    method: 'get',
    path: '/schemas/export.json',
    operationId: 'getExportSchema',
    tag: 'Reference',
    summary: 'JSON Schema of the export',
    description:
      'What `GET /v1/me/export` and `POST /v1/admin/subjects/export` answer, made from the contract’s `ExportSchema`.',
    security: 'none',
    responses: { 200: { description: 'The JSON Schema', json: jsonDocument } },
  },
  {
    method: 'get',
    path: '/dev/mailbox',
    operationId: 'showDevMailbox',
    tag: 'Development',
    summary: 'Dev mailbox',
    description:
      'Every email and SMS the API “sent”, newest first, links clickable. Only in development.',
    security: 'none',
    developmentOnly: true,
    responses: { 200: { description: 'The page', text: ['text/html'] } },
    errors: ['not_found'],
  },
  {
    method: 'get',
    path: '/dev/mailbox.json',
    operationId: 'getDevMailbox',
    tag: 'Development',
    summary: 'Dev mailbox as JSON',
    description: 'The latest 50 messages, newest first. Only in development.',
    security: 'none',
    developmentOnly: true,
    responses: { 200: { description: 'The messages', json: DevMailboxSchema } },
    errors: ['not_found'],
  },
];

import type { Operation } from '../operation.js';

const jsonDocument = { type: 'object', additionalProperties: true } as const;

/** Leaving with everything (M2): the whole-site export and its schema. */
export const siteExportOperations: Operation[] = [
  {
    method: 'get',
    path: '/v1/admin/export',
    operationId: 'exportSite',
    tag: 'Site owner',
    summary: 'Export the whole site',
    description:
      'Everything of the site as NDJSON (`signet-site-export`, version 1; one JSON object a line, each valid against `/schemas/site-export.json`): a manifest, the settings, the public keys, a signed checkpoint made for the export, the purposes, every wording version, every person with their contact data opened and their consents, the signed log up to the checkpoint, and an `end` line with the counts. Streamed a page at a time. Only the site key or a console session opened in the last 15 minutes (`fresh_session_required`); each export is written to the admin log. `npx signet verify` checks the file offline (docs/site-export.md).',
    security: 'siteKey',
    responses: { 200: { description: 'The export', text: ['application/x-ndjson'] } },
    errors: ['fresh_session_required'],
  },
  {
    method: 'get',
    path: '/schemas/site-export.json',
    operationId: 'getSiteExportSchema',
    tag: 'Reference',
    summary: 'JSON Schema of a site export’s lines',
    description:
      'Each line of what `GET /v1/admin/export` answers, made from the contract’s `SiteExportLineSchema`.',
    security: 'none',
    responses: { 200: { description: 'The JSON Schema', json: jsonDocument } },
  },
];

import type { ImportFormat } from '../../contract/imports.js';
import type { ImportAdapter } from './adapter.js';
import { brevoAdapter } from './brevo.js';
import { cleverreachAdapter } from './cleverreach.js';
import { mailchimpAdapter } from './mailchimp.js';
import { signetAdapter } from './signet.js';
import { signetExportAdapter } from './signet-export.js';

export type { Cell, ImportAdapter, SourceField } from './adapter.js';

export const importAdapters: Record<ImportFormat, ImportAdapter> = {
  signet: signetAdapter,
  mailchimp: mailchimpAdapter,
  brevo: brevoAdapter,
  cleverreach: cleverreachAdapter,
  'signet-export': signetExportAdapter,
};

import type { Operation } from '../operation.js';
import { acknowledgementOperations } from './acknowledgements.js';
import { pageOperations } from './pages.js';
import { personOperations } from './person.js';
import { proofOperations } from './proof.js';
import { publicOperations } from './public.js';
import { referenceOperations } from './reference.js';
import { siteExportOperations } from './site-export.js';
import { siteOwnerOperations } from './site-owner.js';
import { webhookOperations } from './webhooks.js';

/** Every route of the worker, once: the coverage test holds this list and `app.routes` together. */
export const operations: readonly Operation[] = [
  ...publicOperations,
  ...personOperations,
  ...pageOperations,
  ...siteOwnerOperations,
  ...siteExportOperations,
  ...webhookOperations,
  ...acknowledgementOperations,
  ...proofOperations,
  ...referenceOperations,
];

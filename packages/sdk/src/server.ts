// `@signet/sdk/server`: for the site owner's server, with the site key. Runs wherever fetch and
// WebCrypto do (Node >= 22, Workers, Deno, Bun); never ship the key to a browser.
export type {
  ConsentCheck,
  ConsentCheckBatchItem,
  ConsentCheckBatchResult,
  ConsentRecordRef,
  ContactQuery,
  Unsubscribe,
} from './contract/consents.js';
export { unsubscribeHeaders } from './contract/consents.js';
export type { Result, SignetError, SignetErrorCode } from './contract/errors.js';
export type {
  ConsentBasis,
  ImportedEvidence,
  ImportFormat,
  ImportReport,
  ImportSkip,
  ImportSkipReason,
} from './contract/imports.js';
export type {
  ConsentWebhookEvent,
  LogIntegrityWebhookEvent,
  WebhookDelivery,
  WebhookDeliveryList,
  WebhookEndpoint,
  WebhookEndpointCreated,
  WebhookEndpointInput,
  WebhookEndpointPatch,
  WebhookEvent,
  WebhookEventType,
  WebhookSecretRotated,
} from './contract/webhooks.js';
export { webhookEventTypes } from './contract/webhooks.js';
export {
  createSignetAdmin,
  type ExhibitParams,
  type ImportCallParams,
  type SignetAdmin,
} from './server/admin-client.js';
export type { ImportOutcome, ImportParams } from './server/import-calls.js';
export type { ContactDecision, ContactInput } from './server/may-contact.js';
export type {
  CallOptions,
  ServerOptions,
  SignetDocument,
  SignetStream,
} from './server/resilient-call.js';
export {
  createSignetServer,
  type EvidenceRequest,
  type MayContactManyQuery,
  type MayContactQuery,
  type ServerConsentRequest,
  type SignetServer,
} from './server/server-client.js';
export type { RequestEvent, ResponseEvent, TracingHooks } from './server/tracing.js';
export type { DeliveryPageParams } from './server/webhooks-admin.js';
export { sdkVersion } from './version.js';
export {
  newWebhookSecret,
  signWebhook,
  type VerifyWebhookInput,
  verifyWebhook,
} from './webhooks/standard-webhooks.js';

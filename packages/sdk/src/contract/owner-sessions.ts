import * as v from 'valibot';
import { EmailSchema, LinkTokenSchema, SiteIdSchema } from './common.js';

/**
 * `POST /v1/admin/sign-in-links`: mail a console sign-in link to one of the site's owner
 * addresses. Answered the same whether or not the address is an owner's.
 */
export const OwnerSignInLinkRequestSchema = v.strictObject({
  site: SiteIdSchema,
  email: EmailSchema,
  locale: v.optional(v.picklist(['de', 'en'])),
});
export type OwnerSignInLinkRequest = v.InferInput<typeof OwnerSignInLinkRequestSchema>;

/**
 * `POST /v1/admin/sessions`: the token of a sign-in link, or no body with the site key as
 * bearer (the key is pasted once and exchanged; the console keeps only the session).
 */
export const OwnerSessionRequestSchema = v.strictObject({
  token: v.optional(LinkTokenSchema),
});
export type OwnerSessionRequest = v.InferInput<typeof OwnerSessionRequestSchema>;

/**
 * A console session: a bearer for the admin API of one site, 30 minutes idle, 8 hours at most,
 * and only while what opened it holds (the key is not revoked, the address is still an owner's).
 */
export const OwnerSessionSchema = v.object({
  session: v.string(),
  /** The session's name in the list of open sessions and in the admin log; no credential. */
  id: v.string(),
  site: v.string(),
  /** Who signed in: `owner:<address>` or the id of the key that was exchanged. */
  actor: v.string(),
  expiresAt: v.string(),
});
export type OwnerSession = v.InferOutput<typeof OwnerSessionSchema>;

/** One open console session of the site (`GET /v1/admin/sessions`); never its bearer. */
export const OpenOwnerSessionSchema = v.object({
  id: v.string(),
  actor: v.string(),
  createdAt: v.string(),
  lastUsedAt: v.string(),
  expiresAt: v.string(),
  /** The session that asked. */
  current: v.boolean(),
});
export type OpenOwnerSession = v.InferOutput<typeof OpenOwnerSessionSchema>;

export const OpenOwnerSessionListSchema = v.object({ sessions: v.array(OpenOwnerSessionSchema) });
export type OpenOwnerSessionList = v.InferOutput<typeof OpenOwnerSessionListSchema>;

/** `DELETE /v1/admin/sessions` ("sign out everywhere"): how many sessions it ended. */
export const OwnerSessionsEndedSchema = v.object({ ended: v.number() });
export type OwnerSessionsEnded = v.InferOutput<typeof OwnerSessionsEndedSchema>;

export const OwnerSignInLinkAcceptedSchema = v.object({ status: v.literal('sent-if-owner') });

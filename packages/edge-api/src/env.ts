/** Bindings and variables of the worker (wrangler.jsonc, secrets, or the test config). */
export interface Env {
  DB: D1Database;
  /** `development` enables the dev mailbox routes; anything else hides them. */
  ENVIRONMENT: string;
  /** Secret key of the HMAC blind index for contact addresses (`wrangler secret put INDEX_KEY`). */
  INDEX_KEY: string;
  /** The active Ed25519 signing key: a private JWK with `kid` (`wrangler secret put SIGNING_KEY`). */
  SIGNING_KEY?: string;
  /** Where links in emails point; defaults to the origin of the incoming request. */
  PUBLIC_URL?: string;
  /** `dev-mailbox` (default), `email-service` or `http`: see src/mail/mailer.ts. */
  MAIL_TRANSPORT?: string;
  /** Sender of every message, `Name <address>`; required unless the dev mailbox is used. */
  MAIL_FROM?: string;
  /** The Cloudflare Email Service binding, for MAIL_TRANSPORT=email-service. */
  EMAIL?: SendEmail;
  /** HTTP mail API endpoint and key, for MAIL_TRANSPORT=http. */
  MAIL_API_URL?: string;
  MAIL_API_KEY?: string;
  /** `dev-mailbox` or `http`; unset means SMS and phone purposes are confirmed by email. */
  SMS_TRANSPORT?: string;
  SMS_API_URL?: string;
  SMS_API_KEY?: string;
  /** Sender name shown on the SMS. */
  SMS_FROM?: string;
}

export type AppEnv = { Bindings: Env };

/** Bindings and variables of the worker (wrangler.jsonc, secrets, or the test config). */
export interface Env {
  DB: D1Database;
  /** `development` enables the dev mailbox routes; anything else hides them. */
  ENVIRONMENT: string;
  /** Secret key of the HMAC blind index for contact addresses (`wrangler secret put INDEX_KEY`). */
  INDEX_KEY: string;
  /** Where links in emails point; defaults to the origin of the incoming request. */
  PUBLIC_URL?: string;
  /** `dev-mailbox` (default in development) keeps messages in D1 for /dev/mailbox. */
  MAIL_TRANSPORT?: string;
  MAIL_FROM?: string;
}

export type AppEnv = { Bindings: Env };

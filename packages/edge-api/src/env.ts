/** Bindings and variables of the worker (wrangler.jsonc, secrets, or the test config). */
export interface Env {
  /**
   * Shard 0, and the only database of a deployment without shards. Once a request or a cron pass
   * is handed to a site's shard (middleware/shard-routing.ts), `DB` is that shard: code below the
   * routing uses `env.DB` / `c.env.DB` and never asks which shard it is (decision 0009).
   */
  DB: D1Database;
  /**
   * Shard 0 once a request was handed to another shard (set by the routing only). Shards after
   * the first are bindings `DB_1`, `DB_2`, … without a gap, read by store/shards.ts alone.
   */
  DB_0?: D1Database;
  /**
   * Which shard holds each site (migrations-directory/); without it, or without a row, a site
   * lives in shard 0 (store/directory.ts).
   */
  DIRECTORY?: D1Database;
  /**
   * The shred log (R4): which subjects were erased, kept outside D1 so that a restore of the
   * database (Time Travel brings data keys back too) is followed by erasing them again.
   */
  SHRED_LOG?: KVNamespace;
  /** `development` enables the dev mailbox routes; anything else hides them. */
  ENVIRONMENT: string;
  /** Secret key of the HMAC blind index for contact addresses (`wrangler secret put INDEX_KEY`). */
  INDEX_KEY: string;
  /**
   * Optional: the secret link tokens, codes and the confirm form's nonce are derived from
   * (crypto/link-tokens.ts). Without it they are derived from INDEX_KEY under a label of their own.
   */
  LINK_KEY?: string;
  /**
   * The secret of the MAC each record row carries from its insert (crypto/record-mac.ts): the
   * sequencer signs no row without a valid one, so whoever can write to D1 cannot have a record
   * signed (decision 0005). Required; 32 random bytes outside development.
   */
  RECORD_KEY?: string;
  /**
   * The active master key that wraps every subject's data key (S2): `<kid>:<32 bytes base64url>`
   * (`wrangler secret put MASTER_KEY`). Older ones stay as `MASTER_KEY_PREVIOUS_<NAME>` until the
   * cron has re-wrapped every data key (crypto/data-keys.ts).
   */
  MASTER_KEY?: string;
  [previousMasterKey: `MASTER_KEY_PREVIOUS_${string}`]: string | undefined;
  /** The active Ed25519 signing key: a private JWK with `kid` (`wrangler secret put SIGNING_KEY`). */
  SIGNING_KEY?: string;
  /**
   * Public JWKs of keys that signed before a rotation, one variable each; the JWKS is these plus
   * the active key (crypto/signer.ts).
   */
  [publicKey: `SIGNING_PUBLIC_KEY_${string}`]: string | undefined;
  /**
   * Where links in messages point and the origin confirmations must come from. Required outside
   * development (middleware/configuration.ts); in development the request's origin.
   */
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
  /**
   * `dev-mailbox` or `http`; unset means SMS and phone purposes cannot be requested (an email
   * proves nothing about a number, C5) and the form does not show them.
   */
  SMS_TRANSPORT?: string;
  SMS_API_URL?: string;
  SMS_API_KEY?: string;
  /** Sender name shown on the SMS. */
  SMS_FROM?: string;
  /**
   * `on` (development only) meters every D1 call for the bench's cost per consent
   * (routes/dev-cost.ts); ignored in any other environment.
   */
  COST_METER?: string;
}

export type AppEnv = { Bindings: Env };

import type { MiddlewareHandler } from 'hono';
import type { AppEnv, Env } from '../env.js';
import { fail } from '../http/errors.js';

/** The values `npm start` and the tests use: public in this repository, so never a secret. */
const developmentValues = new Set([
  'development-only-index-key',
  'development-only-link-key',
  'development-only-record-key',
  'test-index-key',
]);

/** 32 random bytes are 43 characters as base64url (64 as hex). */
const minimumSecretLength = 43;

/** Every secret value of the configuration by name; a JWK's and a master key's key part too. */
function secretValues(env: Env): [string, string][] {
  const values: [string, string][] = [];
  for (const [name, value] of Object.entries(env)) {
    if (typeof value !== 'string' || value === '') continue;
    if (/^(INDEX_KEY|LINK_KEY|RECORD_KEY|MAIL_API_KEY|SMS_API_KEY)$/.test(name)) {
      values.push([name, value]);
    } else if (/^MASTER_KEY(_PREVIOUS_[A-Z0-9_]+)?$/.test(name)) {
      values.push([name, value], [name, value.slice(value.indexOf(':') + 1)]);
    } else if (name === 'SIGNING_KEY') {
      const d = /"d"\s*:\s*"([^"]+)"/.exec(value)?.[1];
      values.push([name, value], ...(d ? [[name, d] as [string, string]] : []));
    }
  }
  return values;
}

/**
 * Outside development a key secret must be set (LINK_KEY may be left out), hold at least 32
 * random bytes, not be a value published with the code, and be no other secret's value: an
 * INDEX_KEY shared with the link or record key would let whoever holds one make what the other
 * guards (issue 19).
 */
function keySecretProblems(env: Env, name: 'INDEX_KEY' | 'LINK_KEY' | 'RECORD_KEY'): string[] {
  const value = env[name];
  const make = `node -e "process.stdout.write(require('node:crypto').randomBytes(32).toString('base64url'))" | npx wrangler secret put ${name}`;
  if (!value)
    return name === 'LINK_KEY' ? [] : [`${name} must be set outside development (${make})`];
  if (developmentValues.has(value)) {
    return [`${name} is a development value, public in Signet's code: put a new one (${make})`];
  }
  if (value.length < minimumSecretLength) {
    return [`${name} must be at least 32 random bytes (43 characters as base64url: ${make})`];
  }
  const same = secretValues(env).find(
    ([other, otherValue]) => other !== name && otherValue === value,
  );
  return same
    ? [`${name} must not be the value of ${same[0]}: give each secret its own (${make})`]
    : [];
}

/**
 * What is wrong with the worker's configuration, in words for whoever deploys it. A deployment
 * that would silently fall back (links to a guessed origin, SMS purposes with no SMS provider
 * behind them) is refused instead.
 */
export function configurationProblems(env: Env): string[] {
  const problems: string[] = [];
  const development = env.ENVIRONMENT === 'development';
  if (!development && !env.PUBLIC_URL) {
    problems.push('PUBLIC_URL must be set outside development (links and the confirm origin)');
  }
  if (env.PUBLIC_URL && !/^https?:\/\/[^/]+$/.test(env.PUBLIC_URL)) {
    problems.push('PUBLIC_URL must be an origin like https://consent.example, without a path');
  }
  if (!development) {
    problems.push(
      ...keySecretProblems(env, 'INDEX_KEY'),
      ...keySecretProblems(env, 'LINK_KEY'),
      ...keySecretProblems(env, 'RECORD_KEY'),
    );
  } else if (!env.RECORD_KEY) {
    problems.push('RECORD_KEY must be set: every record row carries a MAC under it');
  }
  if (!env.MASTER_KEY) {
    problems.push('MASTER_KEY must be set: contact data is stored encrypted under it');
  } else if (!/^[A-Za-z0-9_-]{1,40}:[A-Za-z0-9_-]{43}$/.test(env.MASTER_KEY)) {
    problems.push('MASTER_KEY must be <kid>:<32 random bytes as base64url>');
  }
  if (!env.SHRED_LOG) {
    problems.push('The SHRED_LOG KV namespace must be bound: erasures must outlive a restore');
  }
  // The dev mailbox keeps every message, address and live link in clear in D1: development only.
  if (!development && (env.MAIL_TRANSPORT ?? 'dev-mailbox') === 'dev-mailbox') {
    problems.push('MAIL_TRANSPORT must be email-service or http outside development');
  }
  const sms = env.SMS_TRANSPORT;
  if (sms !== undefined && sms !== 'dev-mailbox' && sms !== 'http') {
    problems.push(`Unknown SMS_TRANSPORT "${sms}" (dev-mailbox or http)`);
  }
  if (sms === 'http' && !env.SMS_API_KEY) problems.push('SMS_TRANSPORT=http needs SMS_API_KEY');
  if (sms === 'dev-mailbox' && !development) {
    problems.push('SMS_TRANSPORT=dev-mailbox only exists in development');
  }
  return problems;
}

/** Every route answers a configuration error (500, with what to fix) until it is fixed. */
export function requireValidConfiguration(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const problems = configurationProblems(c.env);
    if (problems.length > 0) {
      return fail(c, 'internal', `Signet is misconfigured: ${problems.join('; ')}`);
    }
    await next();
  };
}

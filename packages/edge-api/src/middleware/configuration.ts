import type { MiddlewareHandler } from 'hono';
import type { AppEnv, Env } from '../env.js';
import { fail } from '../http/errors.js';

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

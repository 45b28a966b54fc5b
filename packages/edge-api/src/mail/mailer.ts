import type { Env } from '../env.js';
import { devMailboxMailer } from './dev-mailbox-mailer.js';
import { emailServiceMailer } from './email-service-mailer.js';
import { httpApiMailer } from './http-api-mailer.js';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** One interface for every way Signet sends mail; `send` rejects when delivery failed. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
  /**
   * Only a transport that delivers by writing to the database (the dev mailbox): that write, for
   * the sender to commit in one batch with the message's "sent" (one round trip, not two).
   */
  write?(message: MailMessage): D1PreparedStatement;
}

class MailConfigError extends Error {}

function required(env: Env, name: 'MAIL_FROM' | 'MAIL_API_KEY'): string {
  const value = env[name];
  if (!value)
    throw new MailConfigError(`${name} must be set for MAIL_TRANSPORT=${env.MAIL_TRANSPORT}`);
  return value;
}

/**
 * A misconfigured transport fails each send instead of the request that queued the message: the
 * message stays in the outbox and goes out once the configuration is fixed.
 */
function failingMailer(reason: string): Mailer {
  return {
    send: () => Promise.reject(new Error(reason)),
  };
}

/**
 * Picks the transport named by MAIL_TRANSPORT: `dev-mailbox` (the default in development only), `email-service` (the
 * Cloudflare send_email binding EMAIL) or `http` (an HTTP mail API, Brevo's by default).
 */
export function mailerFor(env: Env): Mailer {
  try {
    return configuredMailer(env);
  } catch (error) {
    if (error instanceof MailConfigError) return failingMailer(error.message);
    throw error;
  }
}

function configuredMailer(env: Env): Mailer {
  // Only development falls back to the dev mailbox: a deployment that forgot MAIL_TRANSPORT
  // keeps its messages in the outbox instead of silently never sending them.
  const transport =
    env.MAIL_TRANSPORT ?? (env.ENVIRONMENT === 'development' ? 'dev-mailbox' : undefined);
  if (!transport) throw new MailConfigError('MAIL_TRANSPORT is not set');
  if (transport === 'dev-mailbox') return devMailboxMailer(env.DB);
  if (transport === 'email-service') {
    if (!env.EMAIL)
      throw new MailConfigError('MAIL_TRANSPORT=email-service needs the send_email binding EMAIL');
    return emailServiceMailer(env.EMAIL, required(env, 'MAIL_FROM'));
  }
  if (transport === 'http') {
    return httpApiMailer({
      url: env.MAIL_API_URL ?? 'https://api.brevo.com/v3/smtp/email',
      apiKey: required(env, 'MAIL_API_KEY'),
      from: required(env, 'MAIL_FROM'),
    });
  }
  throw new MailConfigError(`Unknown MAIL_TRANSPORT "${transport}"`);
}

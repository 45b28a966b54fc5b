import type { Env } from '../env.js';
import { devMailboxMailer } from './dev-mailbox-mailer.js';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** One interface for every way Signet sends mail; `send` rejects when delivery failed. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

export function mailerFor(env: Env): Mailer {
  const transport = env.MAIL_TRANSPORT ?? 'dev-mailbox';
  if (transport === 'dev-mailbox') return devMailboxMailer(env.DB);
  throw new Error(`Unknown MAIL_TRANSPORT "${transport}"`);
}

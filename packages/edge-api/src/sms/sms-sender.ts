import { newId } from '../crypto/tokens.js';
import type { Env } from '../env.js';
import { insertDevMailboxMessage } from '../store/dev-mailbox.js';

export interface SmsMessage {
  to: string;
  text: string;
}

/** One interface for every SMS provider; `send` rejects when delivery failed. */
export interface SmsSender {
  send(message: SmsMessage): Promise<void>;
  /** As `Mailer.write`: only for a provider that delivers by writing to the database. */
  write?(message: SmsMessage): D1PreparedStatement;
}

/** Development: SMS land in the dev mailbox next to the emails, addressed to the number. */
function devMailboxSms(db: D1Database): SmsSender {
  const write = (message: SmsMessage) =>
    insertDevMailboxMessage(db, {
      id: newId(),
      to: message.to,
      subject: 'SMS',
      text: message.text,
      html: '',
      createdAt: new Date().toISOString(),
    });
  return {
    async send(message) {
      await write(message).run();
    },
    write,
  };
}

/** An HTTP SMS API (seven.io, an EU provider, by default); a non-2xx answer is a failure. */
function httpApiSms(options: { url: string; apiKey: string; from: string }): SmsSender {
  return {
    async send(message) {
      const response = await fetch(options.url, {
        method: 'POST',
        headers: { 'x-api-key': options.apiKey, 'content-type': 'application/json' },
        body: JSON.stringify({ to: message.to, text: message.text, from: options.from }),
      });
      if (!response.ok) throw new Error(`SMS provider answered HTTP ${response.status}`);
    },
  };
}

/**
 * The SMS transport named by SMS_TRANSPORT (`dev-mailbox` or `http`), or null when none is
 * configured: SMS and phone purposes can then not be requested (C5). A transport named but not
 * usable is a configuration error (middleware/configuration.ts), never a silent null.
 */
export function smsSenderFor(env: Env): SmsSender | null {
  if (env.SMS_TRANSPORT === undefined) return null;
  if (env.SMS_TRANSPORT === 'dev-mailbox') return devMailboxSms(env.DB);
  if (env.SMS_TRANSPORT === 'http' && env.SMS_API_KEY) {
    return httpApiSms({
      url: env.SMS_API_URL ?? 'https://gateway.seven.io/api/sms',
      apiKey: env.SMS_API_KEY,
      from: env.SMS_FROM ?? 'Signet',
    });
  }
  throw new Error(`SMS_TRANSPORT=${env.SMS_TRANSPORT} is not usable: see configurationProblems`);
}

/** Whether SMS and phone purposes can be offered: only when an SMS can confirm them (C5). */
export function smsAvailable(env: Env): boolean {
  return env.SMS_TRANSPORT !== undefined;
}

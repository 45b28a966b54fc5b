import { newId } from '../crypto/tokens.js';
import { insertDevMailboxMessage } from '../store/dev-mailbox.js';
import type { Mailer } from './mailer.js';

/** Keeps every message in D1 so that /dev/mailbox can show it: no mail account needed locally. */
export function devMailboxMailer(db: D1Database): Mailer {
  const write: NonNullable<Mailer['write']> = (message) =>
    insertDevMailboxMessage(db, { id: newId(), ...message, createdAt: new Date().toISOString() });
  return {
    async send(message) {
      await write(message).run();
    },
    write,
  };
}

import * as v from 'valibot';

/** One message the development mailbox kept instead of sending it (email or SMS). */
export const DevMailboxMessageSchema = v.object({
  id: v.string(),
  to: v.string(),
  subject: v.string(),
  text: v.string(),
  html: v.string(),
  createdAt: v.string(),
});

/** `GET /dev/mailbox.json` (development only): the latest messages, newest first. */
export const DevMailboxSchema = v.object({ messages: v.array(DevMailboxMessageSchema) });
export type DevMailbox = v.InferOutput<typeof DevMailboxSchema>;

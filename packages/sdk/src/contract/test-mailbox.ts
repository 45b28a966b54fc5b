import * as v from 'valibot';

/**
 * One message a test key's request would have sent (decision 0011): kept in the site's test
 * mailbox instead, with its live links, for the shop's integration tests to follow.
 */
export const TestMailboxMessageSchema = v.object({
  id: v.string(),
  channel: v.picklist(['email', 'sms']),
  to: v.string(),
  subject: v.string(),
  text: v.string(),
  html: v.string(),
  createdAt: v.string(),
});
export type TestMailboxMessage = v.InferOutput<typeof TestMailboxMessageSchema>;

/** `GET /v1/admin/test-mailbox`: the site's test messages, newest first (kept 7 days). */
export const TestMailboxSchema = v.object({ messages: v.array(TestMailboxMessageSchema) });
export type TestMailbox = v.InferOutput<typeof TestMailboxSchema>;

/** `?to=` narrows the list to one recipient (an address or number as it was given). */
export const TestMailboxQuerySchema = v.strictObject({
  to: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(320))),
});

import { app } from './app.js';
import type { Env } from './env.js';
import { mailerFor } from './mail/mailer.js';
import { deliverDueOutboxMessages } from './services/outbox-sender.js';

export default {
  fetch: app.fetch,
  async scheduled(_controller, env, ctx) {
    ctx.waitUntil(deliverDueOutboxMessages(env.DB, mailerFor(env), new Date()));
  },
} satisfies ExportedHandler<Env>;

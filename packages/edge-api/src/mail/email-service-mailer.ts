import type { Mailer } from './mailer.js';

/** Cloudflare Email Service through the Worker's `send_email` binding. */
export function emailServiceMailer(binding: SendEmail, from: string): Mailer {
  return {
    async send(message) {
      await binding.send({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
      });
    },
  };
}

import type { Mailer } from './mailer.js';

export interface HttpApiMailerOptions {
  /** The provider's send endpoint (Brevo's transactional API shape). */
  url: string;
  apiKey: string;
  /** `Name <address>` or a bare address. */
  from: string;
}

function parseFrom(from: string): { email: string; name?: string } {
  const match = /^\s*(.*?)\s*<([^>]+)>\s*$/.exec(from);
  return match?.[2]
    ? { email: match[2], ...(match[1] ? { name: match[1] } : {}) }
    : { email: from };
}

/** An HTTP mail API (Brevo, an EU provider); any non-2xx answer is a failed delivery. */
export function httpApiMailer(options: HttpApiMailerOptions): Mailer {
  return {
    async send(message) {
      const response = await fetch(options.url, {
        method: 'POST',
        headers: {
          'api-key': options.apiKey,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: JSON.stringify({
          sender: parseFrom(options.from),
          to: [{ email: message.to }],
          subject: message.subject,
          textContent: message.text,
          htmlContent: message.html,
        }),
      });
      if (!response.ok) {
        throw new Error(`mail provider answered HTTP ${response.status}`);
      }
    },
  };
}

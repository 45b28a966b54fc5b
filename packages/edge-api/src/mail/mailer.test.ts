import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { mailerFor } from './mailer.js';

const message = { to: 'a@example.org', subject: 's', text: 't', html: '<p>t</p>' };

describe('mailerFor', () => {
  it('falls back to the dev mailbox only in development', async () => {
    const production = { ...env, ENVIRONMENT: 'production', MAIL_TRANSPORT: undefined };
    await expect(mailerFor(production).send(message)).rejects.toThrow('MAIL_TRANSPORT is not set');
    const development = { ...env, ENVIRONMENT: 'development', MAIL_TRANSPORT: undefined };
    await expect(mailerFor(development).send(message)).resolves.toBeUndefined();
  });

  it('fails each send, not the request, when a transport lacks its settings', async () => {
    const http = { ...env, MAIL_TRANSPORT: 'http', MAIL_API_KEY: undefined };
    await expect(mailerFor(http).send(message)).rejects.toThrow('MAIL_API_KEY must be set');
    const service = {
      ...env,
      MAIL_TRANSPORT: 'email-service',
      MAIL_FROM: 'x@y.z',
      EMAIL: undefined,
    };
    await expect(mailerFor(service).send(message)).rejects.toThrow('send_email binding EMAIL');
  });

  it('sends through the Email Service binding with the configured sender', async () => {
    const sent: unknown[] = [];
    const binding = {
      send: async (m: unknown) => {
        sent.push(m);
        return { messageId: '1' };
      },
    } as unknown as SendEmail;
    const service = {
      ...env,
      MAIL_TRANSPORT: 'email-service',
      MAIL_FROM: 'Signet <n@s.test>',
      EMAIL: binding,
    };
    await mailerFor(service).send(message);
    expect(sent).toEqual([{ from: 'Signet <n@s.test>', ...message }]);
  });
});

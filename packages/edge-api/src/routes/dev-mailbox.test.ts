import { describe, expect, it } from 'vitest';
import { call, postJson, productionEnv, validRequestBody } from '../../test/worker.js';

describe('/dev/mailbox', () => {
  it('lists sent emails newest first, as JSON and as a page with clickable links', async () => {
    await postJson('/v1/consent-requests', await validRequestBody('first@example.org'));
    await postJson('/v1/consent-requests', await validRequestBody('second@example.org'));
    const { messages } = await (await call('/dev/mailbox.json')).json<{
      messages: { to: string }[];
    }>();
    expect(messages.slice(0, 2).map((m) => m.to)).toEqual([
      'second@example.org',
      'first@example.org',
    ]);
    const page = await (await call('/dev/mailbox')).text();
    expect(page).toMatch(/<a href="https:\/\/api\.signet\.test\/confirm\/[A-Za-z0-9_-]{43}">/);
  });

  it('does not exist outside development', async () => {
    for (const path of ['/dev/mailbox', '/dev/mailbox.json']) {
      const response = await call(path, {}, productionEnv);
      expect(response.status).toBe(404);
    }
  });
});

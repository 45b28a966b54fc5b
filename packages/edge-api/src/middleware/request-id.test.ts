import { afterEach, describe, expect, it } from 'vitest';
import { admin, call, postJson, testOrigin, validRequestBody } from '../../test/worker.js';

const idOf = (response: Response) => response.headers.get('request-id');

/** The answer's id, checked to be a fresh one, and the error body's id when it is an error. */
async function expectId(response: Response) {
  const id = idOf(response);
  expect(id).toMatch(/^req_[0-9a-f]{32}$/);
  if (response.status >= 400) {
    const body = (await response.json()) as { error: { requestId?: string } };
    expect(body.error.requestId).toBe(id);
  }
  return id;
}

afterEach(async () => {
  await admin('/v1/admin/site', 'PATCH', { clientLimitPerHour: 1000 });
});

describe('every answer carries a Request-Id, and an error body the same id', () => {
  it('a 200, a 404, a 422 and a 401 each carry their own id', async () => {
    const answers = [
      await call('/v1/health'),
      await call('/v1/no-such-route'),
      await postJson('/v1/consent-requests', {
        ...(await validRequestBody()),
        email: 'not an address',
      }),
      await call('/v1/admin/site', { headers: { authorization: 'Bearer sk_wrong' } }),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([200, 404, 422, 401]);
    const ids = await Promise.all(answers.map(expectId));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('a 429 of the abuse limits carries it, in the header and the body', async () => {
    await admin('/v1/admin/site', 'PATCH', { clientLimitPerHour: 1 });
    const ask = async (i: number) =>
      postJson('/v1/consent-requests', await validRequestBody(`request-id-${i}@example.org`), {
        'cf-connecting-ip': '192.0.2.201',
      });
    expect((await ask(1)).status).toBe(202);
    const refused = await ask(2);
    expect(refused.status).toBe(429);
    await expectId(refused);
  });

  it('a CORS preflight carries it, and a browser may read it on the answer that follows', async () => {
    const preflight = await call('/v1/consent-requests', {
      method: 'OPTIONS',
      headers: { origin: testOrigin, 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    await expectId(preflight);
    const answer = await postJson('/v1/consent-requests', await validRequestBody());
    expect(answer.headers.get('access-control-expose-headers')).toContain('Request-Id');
    await expectId(answer);
  });

  it('an HTML page carries it', async () => {
    const page = await call('/docs');
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.status).toBe(200);
    await expectId(page);
  });
});

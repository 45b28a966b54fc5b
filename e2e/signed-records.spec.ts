import { execFile } from 'node:child_process';
import { createPublicKey, verify } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';

const auth = { authorization: 'Bearer sk_demo_local_development_only' };

test('records signed by the running worker verify with Node crypto.verify and the signet CLI', async ({
  request,
  baseURL,
}) => {
  const email = `signed-${Date.now()}@example.org`;
  const form = await (await request.get('/v1/sites/demo/form?locale=en')).json();
  const newsletter = form.purposes.find((p: { id: string }) => p.id === 'newsletter');
  // From a server: no Origin, so the site key.
  const accepted = await request.post('/v1/consent-requests', {
    headers: auth,
    data: {
      site: 'demo',
      email,
      purposes: [{ id: 'newsletter', wordingVersion: newsletter.wordingVersion }],
      locale: 'en',
      pageUrl: `${baseURL}/`,
    },
  });
  expect(accepted.status()).toBe(202);
  const { messages } = await (await request.get('/dev/mailbox.json')).json();
  const mail = messages.find((m: { to: string }) => m.to === email);
  const link = new URL(mail.text.match(/https?:\/\/\S+\/confirm\/\S+/)[0]).pathname;
  // The person's button: the page's form, its nonce, from the API's own origin.
  const page = await (await request.get(link)).text();
  const nonce = page.match(/name="nonce" value="([^"]+)"/)?.[1] ?? '';
  const confirmed = await request.post(link, {
    form: { nonce },
    headers: { origin: `${baseURL}` },
  });
  expect(confirmed.status()).toBe(200);

  const jwks = await (await request.get('/.well-known/jwks.json')).json();
  const { records } = await (await request.get('/v1/records', { headers: auth })).json();
  const confirmations = records.filter(
    (r: { record: { event: string } }) => r.record.event === 'confirmed',
  );
  expect(confirmations.length).toBeGreaterThan(0);

  // Node's own Ed25519, with nothing of Signet's code: the JWS form of each record.
  for (const signed of records) {
    const jws = await (
      await request.get(`/v1/records/${signed.record.id}?format=jws`, { headers: auth })
    ).text();
    const [header = '', payload = '', signature = ''] = jws.split('.');
    const jwk = jwks.keys.find((key: { kid: string }) => key.kid === signed.kid);
    const key = createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, format: 'jwk' });
    const ok = verify(
      null,
      Buffer.from(`${header}.${payload}`),
      key,
      Buffer.from(signature, 'base64url'),
    );
    expect(ok).toBe(true);
    expect(JSON.parse(Buffer.from(payload, 'base64url').toString())).toEqual(signed.record);
  }

  // The CLI against the whole log and a fresh checkpoint, with the JWKS by URL.
  const checkpoint = await (await request.get('/v1/log/checkpoint', { headers: auth })).json();
  const all = (await (await request.get('/v1/records', { headers: auth })).json()).records;
  const dir = await mkdtemp(join(tmpdir(), 'signet-e2e-'));
  const file = join(dir, 'log.json');
  await writeFile(file, JSON.stringify({ records: all, checkpoint }));
  const cli = await new Promise<{ code: number; stdout: string }>((resolve) => {
    execFile(
      process.execPath,
      ['packages/sdk/bin/signet.mjs', 'verify', file, '--jwks', `${baseURL}/.well-known/jwks.json`],
      { cwd: fileURLToPath(new URL('..', import.meta.url)) },
      (error, stdout) => resolve({ code: error ? Number(error.code) : 0, stdout }),
    );
  });
  expect(cli.stdout).toContain(`VALID: ${all.length} record(s) verified`);
  expect(cli.code).toBe(0);
});

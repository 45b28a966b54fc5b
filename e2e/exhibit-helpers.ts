// A confirmed person and their exhibit, for the exhibit's spec and its screenshot.
import { type APIRequestContext, expect } from '@playwright/test';

export const auth = { authorization: 'Bearer sk_demo_local_development_only' };

/** A person who confirmed both of the demo's purposes; their address. */
export async function confirmedPerson(request: APIRequestContext, baseURL: string) {
  const email = `exhibit-${Date.now()}@example.org`;
  const form = await (await request.get('/v1/sites/demo/form?locale=de')).json();
  const accepted = await request.post('/v1/consent-requests', {
    headers: auth,
    data: {
      site: 'demo',
      email,
      purposes: form.purposes.map((p: { id: string; wordingVersion: string }) => ({
        id: p.id,
        wordingVersion: p.wordingVersion,
      })),
      locale: 'de',
      pageUrl: `${baseURL}/`,
    },
  });
  expect(accepted.status()).toBe(202);
  const { messages } = await (await request.get('/dev/mailbox.json')).json();
  const mail = messages.find((m: { to: string }) => m.to === email);
  const link = new URL(mail.text.match(/https?:\/\/\S+\/confirm\/\S+/)[0]).pathname;
  const page = await (await request.get(link)).text();
  const nonce = page.match(/name="nonce" value="([^"]+)"/)?.[1] ?? '';
  const confirmed = await request.post(link, { form: { nonce }, headers: { origin: baseURL } });
  expect(confirmed.status()).toBe(200);
  return email;
}

export async function exhibit(
  request: APIRequestContext,
  email: string,
  format: string,
  locale = 'de',
) {
  const response = await request.post('/v1/consents/evidence', {
    headers: auth,
    data: { email, format, locale },
  });
  expect(response.status()).toBe(200);
  return response;
}

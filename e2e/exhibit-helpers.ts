// A confirmed person and their exhibit, for the exhibit's and the console's specs and the screenshots.
import { type APIRequestContext, expect } from '@playwright/test';

export const auth = { authorization: 'Bearer sk_demo_local_development_only' };

/**
 * A person who confirmed the demo's purposes (all of them, or those named), as a shop's server
 * and the person's own click would make them; their address.
 */
export async function confirmedPerson(
  request: APIRequestContext,
  baseURL: string,
  email = `exhibit-${Date.now()}@example.org`,
  purposeIds?: string[],
) {
  const form = await (await request.get('/v1/sites/demo/form?locale=de')).json();
  const purposes = (form.purposes as { id: string; wordingVersion: string }[])
    .filter((p) => !purposeIds || purposeIds.includes(p.id))
    .map(({ id, wordingVersion }) => ({ id, wordingVersion }));
  const accepted = await request.post('/v1/consent-requests', {
    headers: auth,
    data: { site: 'demo', email, purposes, locale: 'de', pageUrl: `${baseURL}/` },
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

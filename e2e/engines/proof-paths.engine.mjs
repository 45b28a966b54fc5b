// The paths that carry the proof, in Firefox and WebKit (projects `firefox` and `webkit` of
// playwright.config.ts; Chromium walks the same paths in the *.spec.ts files): form -> mail ->
// confirm page -> button -> receipt; preferences by link and by code -> withdraw -> export; the
// one-click unsubscribe page; the console's in-browser log verification.
import { expect, test } from './fixture.mjs';

// A person's whole path, each step waiting up to 15 s for what it should show.
test.describe.configure({ timeout: 120_000 });

const auth = { authorization: 'Bearer sk_demo_local_development_only' };
const newsletter = 'Yes, I want to receive the Demo Shop newsletter by email.';

async function allowed(request, email, purpose) {
  const response = await request.get('/v1/consents/check', {
    params: { email, purpose },
    headers: auth,
  });
  return (await response.json()).allowed;
}

/** The mails to `email` whose text matches `pattern`, newest first, once there are `count`. */
async function mails(request, email, pattern, count = 1) {
  let found = [];
  await expect
    .poll(async () => {
      const { messages } = await (await request.get('/dev/mailbox.json')).json();
      found = messages
        .filter((message) => message.to === email)
        .map((message) => message.text.match(pattern))
        .filter(Boolean);
      return found.length;
    })
    .toBeGreaterThanOrEqual(count);
  return found;
}

/** A person who confirmed the demo's purposes (those named), as a shop's server and their click make one. */
async function confirmedPerson(request, baseURL, email, purposeIds) {
  const form = await (await request.get('/v1/sites/demo/form?locale=en')).json();
  const purposes = form.purposes
    .filter((purpose) => purposeIds.includes(purpose.id))
    .map(({ id, wordingVersion }) => ({ id, wordingVersion }));
  const requested = await request.post('/v1/consent-requests', {
    headers: auth,
    data: { site: 'demo', email, purposes, locale: 'en', pageUrl: `${baseURL}/` },
  });
  expect(requested.status()).toBe(202);
  const [[link]] = await mails(request, email, /https?:\/\/\S+\/confirm\/\S+/);
  const path = new URL(link).pathname;
  const nonce = (await (await request.get(path)).text()).match(/name="nonce" value="([^"]+)"/)[1];
  const confirmed = await request.post(path, { form: { nonce }, headers: { origin: baseURL } });
  expect(confirmed.status()).toBe(200);
}

/** The next file the page hands to the person as a download (a Blob behind a link with
 * `download`), read before it reaches the engine's download handling. */
function catchDownload(page) {
  return page.evaluate(() => {
    window.__download = new Promise((resolve) => {
      let file;
      const createObjectURL = URL.createObjectURL;
      URL.createObjectURL = (blob) => {
        file = blob;
        return createObjectURL.call(URL, blob);
      };
      const click = HTMLAnchorElement.prototype.click;
      HTMLAnchorElement.prototype.click = function () {
        URL.createObjectURL = createObjectURL;
        HTMLAnchorElement.prototype.click = click;
        file.text().then((text) => resolve({ name: this.download, text }));
      };
    });
  });
}

test('C5/C6/P6: a person ticks a box, submits, opens the mailed link and presses the button; the check then allows, and the receipt verifies', async ({
  enginePage: page,
  request,
  baseURL,
}) => {
  const email = `engine-form-${Date.now()}@example.org`;
  await page.goto(`${baseURL}/`);
  await page.click('label', newsletter);
  expect(await page.checked(newsletter)).toBe(true);
  await page.fill('Email address', email);
  await page.click('button', 'Agree and send confirmation link');
  await page.waitForText('Please check your inbox');
  // The form moves focus into its shadow root, to the status that says what happened.
  expect((await page.focused()).className).toContain('status');
  expect(await allowed(request, email, 'newsletter')).toBe(false);

  const [[link]] = await mails(request, email, /https?:\/\/\S+?\/confirm\/[A-Za-z0-9_-]{43}/);
  await page.goto(link);
  await page.waitForText('Confirm your consent');
  await page.waitForText(newsletter);
  // Opening the link (what a mail scanner does) confirms nothing.
  expect(await allowed(request, email, 'newsletter')).toBe(false);
  // The button's POST, with whatever Sec-Fetch-Site and Origin this engine sends, confirms.
  await page.click('button', 'Confirm now');
  await page.waitForText('Thank you!');
  expect(await allowed(request, email, 'newsletter')).toBe(true);

  // The receipt link's file, fetched as the browser's download would (the page's CSP lets it
  // fetch nothing itself).
  const href = await page.evaluate(() => document.querySelector('a[download]').href);
  const receipt = await (await request.get(href)).json();
  const { verifyReceipt } = await import('../../packages/sdk/dist/verify.js');
  expect(await verifyReceipt(receipt)).toEqual({ ok: true });
});

test('R6/R1/R3: preferences by the mailed link, then by the mailed code; a withdrawal the check sees at once, and the export says so', async ({
  enginePage: page,
  request,
  baseURL,
}) => {
  const email = `engine-preferences-${Date.now()}@example.org`;
  await confirmedPerson(request, baseURL, email, ['newsletter', 'prize-draw']);
  const link = /https?:\/\/\S+\/p\/demo\?lang=[a-z]{2}#token=\S+/;
  const code = /enter this code instead: (\d{4} ?\d{4})/;

  // By link: the token opens the page and leaves the address bar.
  await page.goto(`${baseURL}/p/demo?lang=en`);
  await page.waitForText('Your consents at Signet Demo Shop');
  await page.fill('Email address', email);
  await page.click('button', 'Send link');
  await page.waitForText('If we know this address, a link is on its way.');
  const [[byLink]] = await mails(request, email, link);
  await page.goto(byLink);
  await page.waitForText('What you agreed to');
  expect(new URL(await page.url()).hash).toBe('');
  await page.click('button', `Withdraw: ${newsletter}`);
  await page.waitForText(`“${newsletter}” is withdrawn.`);
  expect(await allowed(request, email, 'newsletter')).toBe(false);
  expect(await allowed(request, email, 'prize-draw')).toBe(true);

  // By code, in a fresh page: a second mail, its code typed in.
  await page.goto(`${baseURL}/p/demo?lang=en`);
  await page.fill('Email address', email);
  await page.click('button', 'Send link');
  await page.waitForText('If we know this address, a link is on its way.');
  const [[, byCode]] = await mails(request, email, code, 2);
  await page.fill('Code (8 digits)', byCode);
  await page.click('button', 'Open with code');
  await page.waitForText('What you agreed to');

  await catchDownload(page);
  await page.click('button', 'As JSON');
  const file = await page.evaluate(() => window.__download);
  expect(file.name).toBe('signet-export-demo.json');
  const data = JSON.parse(file.text);
  expect(data.subject.email).toBe(email);
  expect(data.consents.map((consent) => `${consent.purpose}:${consent.status}`).sort()).toEqual([
    'newsletter:withdrawn',
    'prize-draw:active',
  ]);
});

test('R1/R4: the one-click unsubscribe page warns before its button for the last purpose, and the click erases the person', async ({
  enginePage: page,
  request,
  baseURL,
}) => {
  const email = `engine-one-click-${Date.now()}@example.org`;
  await confirmedPerson(request, baseURL, email, ['newsletter']);
  const check = await request.get('/v1/consents/check', {
    params: { email, purpose: 'newsletter' },
    headers: auth,
  });
  const { unsubscribe } = await check.json();
  await page.goto(`${baseURL}${new URL(unsubscribe.url).pathname}?lang=en`);
  await page.waitForText('This deletes your data here; only the signed proof');
  await page.click('button', 'Unsubscribe');
  await page.waitForText('Your data here is deleted.');
  const suppression = await request.get('/v1/admin/suppressions', {
    params: { email },
    headers: auth,
  });
  expect(await suppression.json()).toMatchObject({ suppressed: true, reason: 'withdrawn' });
});

test('P3: the console verifies the whole log and a person’s evidence in this browser (Ed25519 in WebCrypto)', async ({
  enginePage: page,
  request,
  baseURL,
}) => {
  const email = `engine-console-${Date.now()}@example.org`;
  await confirmedPerson(request, baseURL, email, ['newsletter']);
  await page.goto(`${baseURL}/admin?lang=en`);
  await page.fill('Site API key', auth.authorization.slice('Bearer '.length));
  await page.click('button', 'Sign in');
  await page.waitForText('Signet console: demo');

  await page.click('button', 'Consents and records');
  await page.click('button', 'Verify the whole log in this browser');
  await page.waitForText('records verified in this browser');

  await page.click('button', 'A person’s request');
  await page.fill('Email address or phone number', email);
  await page.click('button', 'Look up');
  await page.click('button~', '^Evidence ?for newsletter$');
  await page.waitForText('records verified in this browser against the published keys');
});

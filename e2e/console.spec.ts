// The site owner's console (/admin) in Chromium against the running API: sign-in by pasted key and
// by mailed link, every task with axe at zero violations (light and dark) and no CSP report, and
// the main path (publish a wording; look up and erase a person) by keyboard only.
import { expect, type Page, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe.js';
import { confirmedPerson } from './exhibit-helpers.js';

const key = 'sk_demo_local_development_only';
const auth = { authorization: `Bearer ${key}` };

function watchCsp(page: Page) {
  const reports: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|TrustedHTML|Trusted Type/i.test(message.text())) {
      reports.push(message.text());
    }
  });
  return reports;
}

async function signInWithKey(page: Page) {
  await page.goto('/admin');
  await page.getByLabel('Site API key').fill(key);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Signet console: demo' })).toBeVisible();
}

async function openTask(page: Page, name: string) {
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name }).click();
  await expect(page.getByRole('heading', { level: 2, name })).toBeVisible();
  await expect(page.getByText('Loading…')).toHaveCount(0);
}

/** Presses Tab until the focused control (inside shadow roots too) has this accessible text. */
async function tabTo(page: Page, text: string | RegExp) {
  for (let presses = 0; presses < 80; presses++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      let element = document.activeElement;
      while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
      const labelled = element?.id
        ? (element.getRootNode() as Document | ShadowRoot).querySelector(
            `label[for="${element.id}"]`,
          )
        : null;
      return `${labelled?.textContent ?? ''} ${element?.textContent ?? ''}`
        .replace(/\s+/g, ' ')
        .trim();
    });
    if (typeof text === 'string' ? focused.includes(text) : text.test(focused)) return;
  }
  throw new Error(`no control "${text}" reached by Tab`);
}

test('signing in with a key, every task has no axe violations and no CSP report', async ({
  page,
}) => {
  const csp = watchCsp(page);
  await page.goto('/admin');
  await expect(page.getByRole('heading', { name: 'Sign in with an API key' })).toBeVisible();
  await expectNoAxeViolations(page, 'sign-in');
  await signInWithKey(page);
  for (const task of [
    'Settings',
    'Purposes and wording',
    'Consents and records',
    'A person’s request',
    'API keys and admin log',
    'Reports and Art. 30',
    'Open sessions',
  ]) {
    await openTask(page, task);
    await expectNoAxeViolations(page, task);
  }
  // The session survives a reload of the tab; signing out ends it.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Signet console: demo' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page.getByText('You are signed out.')).toBeVisible();
  expect(csp).toEqual([]);
});

test('an owner signs in with the link mailed to their address', async ({ page, request }) => {
  const owner = `owner-${Date.now()}@shop.example`;
  const set = await request.patch('/v1/admin/site', {
    headers: auth,
    data: { ownerEmails: [owner] },
  });
  expect(set.status()).toBe(200);
  await page.goto('/admin');
  await page.getByLabel('Site', { exact: true }).fill('demo');
  await page.getByLabel('Your email address').fill(owner);
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await expect(page.getByText('a sign-in link is on its way')).toBeVisible();
  const { messages } = await (await request.get('/dev/mailbox.json')).json();
  const mail = messages.find((m: { to: string }) => m.to === owner);
  const link = new URL(mail.text.match(/https?:\/\/\S+\/admin#token=\S+/)[0]);
  await page.goto(`${link.pathname}${link.hash}`);
  await expect(page.getByText(`Signed in as ${owner}`)).toBeVisible();
  // The token left the address bar at once.
  expect(page.url()).not.toContain('token=');
  await request.patch('/v1/admin/site', { headers: auth, data: { ownerEmails: [] } });
});

test('open sessions: the owner ends another session, then signs out everywhere', async ({
  page,
  request,
}) => {
  const owner = `sessions-${Date.now()}@shop.example`;
  await request.patch('/v1/admin/site', { headers: auth, data: { ownerEmails: [owner] } });
  // Two sessions elsewhere: the owner's, opened by the mailed link, and one opened by the key.
  await request.post('/v1/admin/sign-in-links', { data: { site: 'demo', email: owner } });
  const { messages } = await (await request.get('/dev/mailbox.json')).json();
  const mail = messages.find((m: { to: string }) => m.to === owner);
  const token = mail.text.match(/\/admin#token=([A-Za-z0-9_-]{43})/)[1];
  const byLink = await (await request.post('/v1/admin/sessions', { data: { token } })).json();
  const byKey = await (await request.post('/v1/admin/sessions', { headers: auth })).json();
  const works = async (session: { session: string }) =>
    (
      await request.get('/v1/admin/site', {
        headers: { authorization: `Bearer ${session.session}` },
      })
    ).status();
  expect([await works(byLink), await works(byKey)]).toEqual([200, 200]);

  await signInWithKey(page);
  await openTask(page, 'Open sessions');
  await expect(page.getByRole('cell', { name: owner, exact: true })).toBeVisible();
  await expectNoAxeViolations(page, 'Open sessions');
  await page.getByRole('button', { name: `End the session of ${owner}` }).click();
  await expect(page.getByText(`The session of ${owner} has ended.`)).toBeVisible();
  await expect(page.getByRole('cell', { name: owner, exact: true })).toHaveCount(0);
  expect(await works(byLink)).toBe(401);
  expect(await works(byKey)).toBe(200);

  await page.getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(page.getByText('you are signed out everywhere')).toBeVisible();
  expect(await works(byKey)).toBe(401);
  await request.patch('/v1/admin/site', { headers: auth, data: { ownerEmails: [] } });
});

test('by keyboard only: publish a wording with its diff and preview, then find and erase a person', async ({
  page,
  request,
  baseURL,
}) => {
  const email = `keyboard-${Date.now()}@example.org`;
  await confirmedPerson(request, baseURL ?? '', email, ['newsletter']);
  await page.goto('/admin');
  await tabTo(page, 'Site API key');
  await page.keyboard.type(key);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Signet console: demo' })).toBeVisible();

  await tabTo(page, 'Purposes and wording');
  await page.keyboard.press('Enter');
  await tabTo(page, 'Write wording for newsletter');
  await page.keyboard.press('Enter');
  await tabTo(page, 'Label next to the box');
  await page.keyboard.press('End');
  const added = ` (e2e ${Date.now()})`;
  await page.keyboard.type(added);
  // The change shows word by word, and the preview shows the draft as visitors would see it.
  const editor = page.locator('console-wording-editor');
  await expect(editor.locator('ins').first()).toContainText('e2e');
  await expect(page.locator('console-form-preview label', { hasText: added.trim() })).toBeVisible();
  await expectNoAxeViolations(page, 'wording editor with a diff');
  // The demo site's default language is German: the editor opens in it.
  await tabTo(page, 'Publish wording in de');
  await page.keyboard.press('Enter');
  await expect(editor.getByText('Published in de.')).toBeVisible();
  const form = await (await request.get('/v1/sites/demo/form?locale=de')).json();
  const newsletter = form.purposes.find((p: { id: string }) => p.id === 'newsletter');
  expect(newsletter.wording.label).toContain(added.trim());

  await tabTo(page, 'A person’s request');
  await page.keyboard.press('Enter');
  await tabTo(page, 'Email address or phone number');
  await page.keyboard.type(email);
  await page.keyboard.press('Enter');
  await expect(page.getByText(`Found ${email}.`)).toBeVisible();
  await tabTo(page, 'Erase this person');
  await page.keyboard.press('Enter');
  // Focus is on the confirmation: Enter erases.
  await page.keyboard.press('Enter');
  await expect(page.getByText(`${email} was erased at`)).toBeVisible();
  await expect(page.getByText(/suppressed since/)).toBeVisible();
  const check = await request.post('/v1/consents/check', {
    headers: auth,
    data: { email, purpose: 'newsletter' },
  });
  expect((await check.json()).allowed).toBe(false);
});

test('settings, purposes, records, evidence, keys and reports do their tasks', async ({
  page,
  request,
  baseURL,
}) => {
  const email = `tasks-${Date.now()}@example.org`;
  await confirmedPerson(request, baseURL ?? '', email, ['newsletter']);
  await signInWithKey(page);

  // Settings: a change is saved, a bad value is named.
  await page.getByLabel('Controller’s contact').fill('privacy@demo.example');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Saved.')).toBeVisible();
  await page.getByLabel('Privacy policy').fill('not a url');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'privacyPolicyUrl' })).toBeVisible();

  // Purposes: create one, give it a lifetime, move it up.
  await openTask(page, 'Purposes and wording');
  const id = `draw-${Date.now() % 100000}`;
  await page.getByLabel('Id').fill(id);
  await page.getByLabel('Lifetime in days (optional)').fill('30');
  await page.getByRole('button', { name: 'Add purpose' }).click();
  await expect(page.getByText(`Purpose ${id} created.`)).toBeVisible();
  await expect(page.getByRole('row', { name: new RegExp(id) })).toContainText('30 days');
  await page.getByRole('button', { name: new RegExp(`^Up ?: move ${id} up$`) }).click();
  await expect(page.getByText(`${id} moved up.`)).toBeVisible();

  // Records: filtered, and the whole log verified in the browser.
  await openTask(page, 'Consents and records');
  await page.getByLabel('Event').selectOption('confirmed');
  await expect(page.getByRole('table')).not.toContainText('requested');
  await page.getByRole('button', { name: 'Verify the whole log in this browser' }).click();
  await expect(page.getByText(/records verified in this browser/)).toBeVisible();

  // A person's evidence, verified in the browser; the export downloads.
  await openTask(page, 'A person’s request');
  await page.getByLabel('Email address or phone number').fill(email);
  await page.getByRole('button', { name: 'Look up' }).click();
  await page.getByRole('button', { name: /^Evidence ?for newsletter$/ }).click();
  await expect(
    page.getByText(/records verified in this browser against the published keys/),
  ).toBeVisible();
  // The exhibit under the name Signet gives it (site, person reference, purpose, date), in the
  // console's language, not the site's default (German).
  const pdf = page.waitForEvent('download');
  await page.getByRole('button', { name: /^Download the proof of consent \(PDF\)/ }).click();
  expect((await pdf).suggestedFilename()).toMatch(
    /^consent-proof-demo-p[0-9a-f]{5}-newsletter-\d{4}-\d{2}-\d{2}\.pdf$/,
  );
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export everything (JSON)' }).click();
  expect((await download).suggestedFilename()).toBe('signet-export.json');

  // Keys: created and shown once, then revoked; the admin log lists both.
  await openTask(page, 'API keys and admin log');
  await page.getByLabel('Name (who or what uses it)').fill('e2e console');
  await page.getByRole('button', { name: 'Create key' }).click();
  await expect(page.getByLabel('The new key')).toHaveText(/^sk_live_/);
  await page.getByRole('button', { name: /^Revoke ?key e2e console$/ }).click();
  await expect(page.getByText('Key “e2e console” revoked')).toBeVisible();
  await expect(page.getByRole('table', { name: /Admin log/ })).toContainText(
    'DELETE /v1/admin/keys/:id',
  );

  // Reports: a chart and its table per purpose; the Art. 30 entry in German.
  await openTask(page, 'Reports and Art. 30');
  // Purposes by their label; people beside requests; a legend one can read.
  const newsletter = 'Yes, I want to receive the Demo Shop newsletter by email.';
  await expect(
    page.getByRole('img', { name: `${newsletter} per month`, exact: false }),
  ).toBeVisible();
  await expect(page.getByRole('table', { name: `${newsletter} per month` })).toBeVisible();
  await expect(page.getByRole('heading', { level: 3, name: newsletter })).toBeVisible();
  await expect(page.getByText('People who confirmed').first()).toBeVisible();
  await expect(page.getByText(/\d+ (person|people) asked \(\d+ requests?\)/).first()).toBeVisible();
  await expect(page.getByText(/\b1 requests\b/)).toHaveCount(0);
  await page.getByRole('button', { name: 'Auf Deutsch zeigen' }).click();
  await expect(page.getByText('Verzeichnis von Verarbeitungstätigkeiten').first()).toBeVisible();
  await expectNoAxeViolations(page, 'reports with Art. 30');
});

test('A1: the records list names each row’s person masked and opens them, fitting 375 px', async ({
  page,
  request,
  baseURL,
}) => {
  const email = `pk${Date.now()}q@example.org`;
  const masked = `pk${'*'.repeat(13)}q@example.org`;
  await confirmedPerson(request, baseURL ?? '', email, ['newsletter']);
  await page.setViewportSize({ width: 375, height: 800 });
  await signInWithKey(page);
  await openTask(page, 'Consents and records');
  const named = new RegExp(`^${masked.replaceAll('*', '\\*')} ?: open this person$`);
  const person = page.getByRole('link', { name: named });
  await expect(person.first()).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await expectNoAxeViolations(page, 'records at 375 px');

  await person.last().click();
  await expect(page.getByRole('heading', { level: 2, name: 'A person’s request' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 3, name: email })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Consents' })).toContainText('newsletter');
  await expect(page.getByRole('table', { name: 'Consents' })).toContainText('active');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await expectNoAxeViolations(page, 'a person opened from the records at 375 px');
});

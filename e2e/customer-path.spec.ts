import { expect, type Page, test } from '@playwright/test';
import { axeViolations } from './axe.js';

// The customer's path of issue 20, as a person on a 375 px phone with a keyboard lives it, in
// German: every step by keys only, every result with focus on it, axe at zero on the way.
test.use({ viewport: { width: 375, height: 800 }, locale: 'de-DE' });

/** What has focus, looked up through every shadow root on the way. */
function focused(page: Page) {
  return page.evaluate(() => {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    if (!active || active === document.body) return { tag: 'BODY', id: '', text: '', label: '' };
    return {
      tag: active.tagName,
      id: active.id,
      text: (active.textContent ?? '').replace(/\s+/g, ' ').trim(),
      label: active.getAttribute('aria-label') ?? '',
      type: active.getAttribute('type') ?? '',
      className: active.getAttribute('class') ?? '',
    };
  });
}
type Focused = Awaited<ReturnType<typeof focused>>;

/** Presses Tab (or Shift+Tab) until what has focus matches; fails after 40 presses. */
async function tabTo(page: Page, matches: (element: Focused) => boolean, back = false) {
  for (let i = 0; i < 40; i += 1) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    if (matches(await focused(page))) return;
  }
  throw new Error('Tab never reached the element');
}

const button = (text: string | RegExp) => (element: Focused) =>
  element.tag === 'BUTTON' &&
  (typeof text === 'string' ? element.text === text : text.test(element.text));

async function mails(page: Page, email: string, pattern: RegExp) {
  const { messages } = (await (await page.request.get('/dev/mailbox.json')).json()) as {
    messages: { to: string; text: string }[];
  };
  // Oldest first.
  return messages
    .filter((message) => message.to === email)
    .map((message) => message.text.match(pattern))
    .filter((found): found is RegExpMatchArray => found !== null)
    .reverse();
}

async function waitForMails(page: Page, email: string, pattern: RegExp, count: number) {
  await expect.poll(async () => (await mails(page, email, pattern)).length).toBe(count);
  return mails(page, email, pattern);
}

async function axeLightAndDark(page: Page, where: string) {
  await page.emulateMedia({ colorScheme: 'light' });
  expect(await axeViolations(page), `${where}, light`).toEqual([]);
  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await axeViolations(page), `${where}, dark`).toEqual([]);
  await page.emulateMedia({ colorScheme: 'light' });
}

async function noSidewaysScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
}

const confirmLink = /https?:\/\/\S+?(\/confirm\/[A-Za-z0-9_-]{43})/;
const preferenceCode = /diesen Code ein: (\d{4} ?\d{4})/;

test('the customer path by keyboard at 375 px in German: submit, change the address, send again, the first link confirms, preferences by code after one wrong try, withdraw', async ({
  page,
}) => {
  const cspReports: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Trusted Type/i.test(message.text())) {
      cspReports.push(message.text());
    }
  });
  const stamp = Date.now();
  const typo = `kundin-${stamp}@exmaple.org`;
  const email = `kundin-${stamp}@example.org`;

  // A light-only host page on a dark system: the form stays light and passes axe.
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/light.html');
  await expect(page.getByRole('button', { name: /Zustimmen/ })).toBeVisible();
  expect(await axeViolations(page), 'light host page, dark system').toEqual([]);

  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/de.html?resend-after=1');
  await expect(page.getByRole('button', { name: /Zustimmen/ })).toBeVisible();
  await axeLightAndDark(page, 'form');
  await noSidewaysScroll(page);

  // Agree to two purposes (one withdrawn later leaves the other), with a mistyped address.
  await tabTo(page, (element) => element.type === 'checkbox');
  await page.keyboard.press('Space');
  await tabTo(page, (element) => element.type === 'checkbox');
  await page.keyboard.press('Space');
  await tabTo(page, (element) => element.type === 'email');
  await page.keyboard.type(typo);
  await tabTo(page, button('Zustimmen und Bestätigungslink senden'));
  await page.keyboard.press('Enter');
  await expect(page.getByText('Bitte prüfen Sie Ihr Postfach')).toBeVisible();
  expect((await focused(page)).className).toContain('status');
  expect((await focused(page)).text).toContain(typo);
  await axeLightAndDark(page, 'form sent');

  // "Falsche Adresse? Ändern": back to the filled form, the address focused.
  await tabTo(page, button('Falsche Adresse? Ändern'));
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await focused(page)).type).toBe('email');
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(email);
  await tabTo(page, button('Zustimmen und Bestätigungslink senden'));
  await page.keyboard.press('Enter');
  await expect(page.getByText(email)).toBeVisible();
  expect((await focused(page)).className).toContain('status');
  await waitForMails(page, email, confirmLink, 1);

  // "Erneut senden" once its short wait (?resend-after=1) is over: a disabled button takes no
  // focus, so a keyboard user waits for it as anyone does.
  await expect(page.getByRole('button', { name: 'Erneut senden', exact: true })).toBeEnabled();
  await tabTo(page, button(/^Erneut senden/));
  await expect
    .poll(async () => (await focused(page)).text, { timeout: 5000 })
    .toBe('Erneut senden');
  await page.keyboard.press('Enter');
  const [first, second] = await waitForMails(page, email, confirmLink, 2);
  expect(second?.[1]).not.toBe(first?.[1]);
  expect((await focused(page)).className).toContain('status');

  // People click the first mail in their inbox: its link still confirms after "send again"
  // (issue 20 item 6, decision 0008).
  await page.goto(first?.[1] ?? '');
  await expect(page.getByRole('heading', { name: 'Einwilligung bestätigen' })).toBeVisible();
  await tabTo(page, button('Jetzt bestätigen'));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Vielen Dank!' })).toBeVisible();
  await axeLightAndDark(page, 'confirmed');

  // From the done page to the preferences page, in German whatever the browser says.
  await tabTo(
    page,
    (element) => element.tag === 'A' && element.text === 'Einwilligungen verwalten',
  );
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/p\/demo\?lang=de$/);
  await expect(
    page.getByRole('heading', { level: 1, name: 'Ihre Einwilligungen bei Signet Demo Shop' }),
  ).toBeVisible();
  await axeLightAndDark(page, 'preferences, asking');
  await noSidewaysScroll(page);

  // One address field for the link and the code.
  await tabTo(page, (element) => element.type === 'email');
  await page.keyboard.type(email);
  await tabTo(page, button('Link senden'));
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await focused(page)).id).toBe('sent');
  const [codeMail] = await waitForMails(page, email, preferenceCode, 1);
  const code = codeMail?.[1] ?? '';
  const wrong = code.replace(/\s/g, '') === '00000000' ? '11111111' : '00000000';

  // One wrong try: the tries left are said, focused, and the address stays.
  await tabTo(page, (element) => element.id === 'code');
  await page.keyboard.type(wrong);
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await focused(page)).id).toBe('notice');
  expect((await focused(page)).text).toBe('Falscher Code. Sie haben noch 4 Versuche.');
  await expect(page.locator('signet-preferences #email')).toHaveValue(email);
  await axeLightAndDark(page, 'preferences, wrong code');

  // The right code opens the page, focus on what was agreed to.
  await tabTo(page, (element) => element.id === 'code');
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(code);
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await focused(page)).id).toBe('purposes');
  expect((await focused(page)).text).toBe('Wofür Sie eingewilligt haben');
  await expect(page.getByText('Wenn Sie diesen Tab schließen, sind Sie abgemeldet.')).toBeVisible();
  await axeLightAndDark(page, 'preferences, open');
  await noSidewaysScroll(page);

  // Withdraw one purpose: the status says so and has focus.
  await tabTo(
    page,
    (element) => element.tag === 'BUTTON' && element.label.startsWith('Widerrufen:'),
  );
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await focused(page)).id).toBe('notice');
  expect((await focused(page)).text).toMatch(/ist widerrufen\./);
  await axeLightAndDark(page, 'preferences, withdrawn');
  expect(cspReports).toEqual([]);
});

import { expect, test } from '@playwright/test';

// The embed snippet's preload hint (docs/widget.md): the form's configuration is asked for while
// signet.js is still on its way, and the element takes that answer instead of asking again. A
// page whose hint names another locale than its form uses would show here as a second request.
const pages = [
  ['/', 'en', 'Yes, I want to receive the Demo Shop newsletter by email.'],
  ['/de.html', 'de', 'Ja, ich möchte den Newsletter von Demo Shop per E-Mail erhalten.'],
  ['/fr.html', 'fr', 'Oui, je souhaite recevoir la newsletter de Demo Shop par e-mail.'],
] as const;

for (const [path, locale, newsletter] of pages) {
  test(`the example page ${path} asks for its form's configuration once, before signet.js`, async ({
    page,
  }) => {
    const asked: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname === '/signet.js' || url.pathname === '/v1/sites/demo/form') {
        asked.push(`${url.pathname}${url.search}`);
      }
    });
    await page.goto(path);
    await expect(page.getByLabel(newsletter)).toBeEnabled();
    expect(asked).toEqual([`/v1/sites/demo/form?locale=${locale}`, '/signet.js']);
  });
}

import { expect, test } from '@playwright/test';

test('S3: under a strict CSP with Trusted Types the form works, sets no cookie, stores nothing and calls only its API', async ({
  page,
  context,
  baseURL,
}) => {
  const origin = new URL(baseURL ?? '').origin;
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) =>
      seen.push(`${event.violatedDirective} ${event.blockedURI}`),
    );
  });

  const response = await page.goto('/csp.html');
  expect(response?.headers()['content-security-policy']).toContain(
    "require-trusted-types-for 'script'",
  );
  await page.getByLabel('Yes, I want to receive the Demo Shop newsletter by email.').check();
  await page.getByLabel('Email address').fill(`csp-${Date.now()}@example.org`);
  await page.getByRole('button', { name: 'Agree and send confirmation link' }).click();
  await expect(page.getByText('Please check your inbox')).toBeVisible();

  expect(
    await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations),
  ).toEqual([]);
  expect(
    consoleErrors.filter((text) => /Content Security Policy|Trusted Type/i.test(text)),
  ).toEqual([]);
  expect(requests.length).toBeGreaterThan(2);
  expect(requests.filter((url) => new URL(url).origin !== origin)).toEqual([]);
  expect(await context.cookies()).toEqual([]);
  const storage = await page.evaluate(async () => ({
    local: localStorage.length,
    session: sessionStorage.length,
    databases: (await indexedDB.databases()).length,
    caches: (await caches.keys()).length,
  }));
  expect(storage).toEqual({ local: 0, session: 0, databases: 0, caches: 0 });

  // The detector itself works: an inline style, which the policy forbids, is reported.
  await page.evaluate(() => {
    const style = document.createElement('style');
    style.textContent = 'body { color: red }';
    document.head.append(style);
  });
  await expect
    .poll(() =>
      page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations.length),
    )
    .toBe(1);
});

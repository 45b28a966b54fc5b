import { expect, test } from '@playwright/test';

test('a French page loads the French chunk of the built widget and the whole round trip speaks French', async ({
  page,
}) => {
  const scripts: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
  });
  const email = `e2e-fr-${Date.now()}@example.org`;

  await page.goto('/fr.html');
  const newsletter = page.getByLabel(
    'Oui, je souhaite recevoir la newsletter de Demo Shop par e-mail.',
  );
  await expect(newsletter).not.toBeChecked();
  expect(scripts.filter((path) => /^\/signet-locale-fr-[\w-]+\.js$/.test(path))).toHaveLength(1);
  await newsletter.check();
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByRole('button', { name: 'Accepter et envoyer le lien de confirmation' }).click();
  await expect(page.getByText('Veuillez consulter votre boîte de réception')).toBeVisible();

  await page.goto('/dev/mailbox');
  const message = page.locator('article', { hasText: email });
  await expect(message).toContainText(
    'Veuillez confirmer votre consentement auprès de Signet Demo Shop',
  );
  await message.getByRole('link').first().click();
  await expect(page.getByRole('heading', { name: 'Confirmer votre consentement' })).toBeVisible();
  await page.getByRole('button', { name: 'Confirmer maintenant' }).click();
  await expect(page.getByRole('heading', { name: 'Merci !' })).toBeVisible();
});

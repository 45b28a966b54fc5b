// The owner's console in German: chosen by the switch in the shell (or by a German browser), every
// task in German with axe at zero violations in light and dark, `<html lang="de">`, the choice kept
// across a reload, and the proof of consent downloaded in German.
import { expect, type Page, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe.js';
import { confirmedPerson } from './exhibit-helpers.js';

const key = 'sk_demo_local_development_only';

async function expectGerman(page: Page) {
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await expect(page.locator('signet-console')).toHaveAttribute('lang', 'de');
}

async function openTask(page: Page, name: string) {
  await page.getByRole('navigation', { name: 'Konsole' }).getByRole('link', { name }).click();
  await expect(page.getByRole('heading', { level: 2, name })).toBeVisible();
  await expect(page.getByText('Wird geladen …')).toHaveCount(0);
}

test('an owner switches the console to German: every task in German, axe clean, kept after a reload', async ({
  page,
  request,
  baseURL,
}) => {
  const email = await confirmedPerson(request, baseURL ?? '');
  await page.goto('/admin');
  // Playwright's browser asks for en-US: English until the owner chooses.
  await expect(page.getByRole('heading', { level: 1, name: 'Signet console' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByLabel('Language').selectOption('de');

  await expect(page.getByRole('heading', { level: 1, name: 'Signet-Konsole' })).toBeVisible();
  await expectGerman(page);
  await expect(page).toHaveTitle('Signet-Konsole');
  await expect(
    page.getByRole('heading', { level: 2, name: 'Mit einem Link per E-Mail anmelden' }),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: 'Anmeldelink per E-Mail senden' })).toBeVisible();
  await expectNoAxeViolations(page, 'Anmeldung');
  await page.getByLabel('API-Schlüssel der Website').fill(key);
  await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Signet-Konsole: demo' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Abmelden', exact: true })).toBeVisible();

  await openTask(page, 'Einstellungen');
  await expect(page.getByRole('group', { name: 'Fristen und Grenzen' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Einstellungen speichern' })).toBeVisible();
  await expectNoAxeViolations(page, 'Einstellungen');

  await openTask(page, 'Zwecke und Texte');
  await expect(
    page.getByRole('table', { name: 'Zwecke in der Reihenfolge des Formulars' }),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: 'Zweck hinzufügen' })).toBeVisible();
  await page.getByRole('button', { name: 'Text schreiben für newsletter' }).click();
  await expect(page.getByRole('heading', { level: 3, name: 'Text von newsletter' })).toBeVisible();
  await expect(page.getByLabel('Beschriftung neben dem Kästchen')).toBeVisible();
  await expect(page.getByRole('button', { name: /^Text in \w+ veröffentlichen$/ })).toBeVisible();
  await expectNoAxeViolations(page, 'Zwecke und Texte');

  await openTask(page, 'Einwilligungen und Protokoll');
  await page.getByRole('button', { name: 'Das ganze Protokoll in diesem Browser prüfen' }).click();
  await expect(page.getByText(/Einträge in diesem Browser geprüft/)).toBeVisible();
  await expect(page.getByRole('table', { name: /Einträgen, älteste zuerst/ })).toBeVisible();
  await expectNoAxeViolations(page, 'Einwilligungen und Protokoll');

  await openTask(page, 'Anfrage einer Person');
  await page.getByLabel('E-Mail-Adresse oder Telefonnummer').fill(email);
  await page.getByRole('button', { name: 'Suchen' }).click();
  await expect(page.getByText(`${email} gefunden.`)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Alles exportieren (JSON)' })).toBeVisible();
  await page.getByRole('button', { name: 'Nachweis für newsletter' }).click();
  await expect(page.getByText(/mit den veröffentlichten Schlüsseln geprüft/)).toBeVisible();
  await expectNoAxeViolations(page, 'Anfrage einer Person');
  // The proof of consent in the console's language: a German file name.
  const pdf = page.waitForEvent('download');
  await page.getByRole('button', { name: /^Einwilligungsnachweis herunterladen \(PDF\)/ }).click();
  expect((await pdf).suggestedFilename()).toMatch(/^nachweis-demo-p[0-9a-f]{5}-newsletter-/);

  await openTask(page, 'API-Schlüssel und Admin-Protokoll');
  await expect(page.getByRole('button', { name: 'Schlüssel anlegen' })).toBeVisible();
  await expect(page.getByRole('table', { name: /Admin-Protokoll: die letzten/ })).toBeVisible();
  await expectNoAxeViolations(page, 'API-Schlüssel und Admin-Protokoll');

  await openTask(page, 'Offene Sitzungen');
  await expect(page.getByRole('table', { name: 'Offene Sitzungen dieser Website' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Überall abmelden' })).toBeVisible();
  await expectNoAxeViolations(page, 'Offene Sitzungen');

  await openTask(page, 'Importierte bestätigen lassen');
  await expect(
    page.getByRole('table', { name: 'Erneute Bestätigungen je Zweck, nach Personen gezählt' }),
  ).toBeVisible();
  await expect(page.getByText(/\d+ Persone?n? erhielten? eine E-Mail\./)).toBeVisible();
  await expect(page.getByText(/Höchstens \d+ gehen am Tag hinaus/)).toBeVisible();
  await expectNoAxeViolations(page, 'Importierte bestätigen lassen');

  await openTask(page, 'Berichte und Art. 30');
  await expect(page.getByRole('button', { name: 'Bericht zeigen' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'CSV herunterladen' })).toBeVisible();
  // The purposes by their German label; the figures in German words.
  await expect(page.getByRole('table', { name: /pro Monat$/ }).first()).toBeVisible();
  await expect(page.getByText(/\d+ Person(en)? gefragt \(\d+ Anfragen?\)/).first()).toBeVisible();
  await expect(
    page.getByRole('heading', {
      level: 3,
      name: 'Verzeichnis von Verarbeitungstätigkeiten (Art. 30 DSGVO)',
    }),
  ).toBeVisible();
  await expectNoAxeViolations(page, 'Berichte und Art. 30');

  // The choice outlives a reload (the session too).
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Signet-Konsole: demo' })).toBeVisible();
  await expectGerman(page);
  await expect(page.getByRole('heading', { level: 2, name: 'Berichte und Art. 30' })).toBeVisible();

  // And back: English at once.
  await page.getByLabel('Sprache').selectOption('en');
  await expect(page.getByRole('heading', { level: 1, name: 'Signet console: demo' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Reports and Art. 30' })).toBeVisible();
  // The report asks for the purposes' labels anew, in English now.
  await expect(
    page.getByRole('heading', {
      level: 3,
      name: 'Yes, I want to receive the Demo Shop newsletter by email.',
    }),
  ).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

test.describe('a browser that asks for German', () => {
  test.use({ locale: 'de-DE' });

  test('opens the console in German without a choice', async ({ page }) => {
    await page.goto('/admin');
    await expect(page.getByRole('heading', { level: 1, name: 'Signet-Konsole' })).toBeVisible();
    await expectGerman(page);
    await expect(page.getByLabel('Sprache')).toHaveValue('de');
  });
});

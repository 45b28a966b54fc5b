import { expect } from '@open-wc/testing';
import {
  consoleLocale,
  formatDate,
  formatNumber,
  initialLocale,
  t,
  useLocale,
} from './console-locale.js';
import type { ConsoleStrings } from './console-strings.js';
import de from './de.js';
import en from './en.js';

/** Every key path of a table, nested objects walked, with the kind of value at its end. */
function shape(table: object, prefix = ''): string[] {
  return Object.entries(table).flatMap(([key, value]) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? shape(value, `${prefix}${key}.`)
      : [`${prefix}${key}:${Array.isArray(value) ? `array${value.length}` : typeof value}`],
  );
}

const { signOut: _left, ...shellWithoutOne } = de.shell;
// @ts-expect-error a locale that lacks one key is not a ConsoleStrings: the type check fails.
const lacking: ConsoleStrings = { ...de, shell: shellWithoutOne };

describe('the console’s languages', () => {
  it('German has every key of English, of the same kind, and no other', () => {
    expect(shape(de).sort()).to.deep.equal(shape(en).sort());
    expect(lacking.shell.signOut).to.equal(undefined);
  });

  it('choosing German loads its texts, sets <html lang> and the title, and is kept', async () => {
    localStorage.removeItem('signet-console-locale');
    await useLocale('de');
    expect(consoleLocale()).to.equal('de');
    expect(t().tasks.settings).to.equal('Einstellungen');
    expect(document.documentElement.lang).to.equal('de');
    expect(document.title).to.equal('Signet-Konsole');
    expect(initialLocale()).to.equal('de');
    await useLocale('en');
    expect(document.documentElement.lang).to.equal('en');
    expect(initialLocale()).to.equal('en');
    localStorage.removeItem('signet-console-locale');
  });

  it('dates and numbers follow the chosen language', async () => {
    await useLocale('de', false);
    expect([formatNumber(1234), formatDate('2026-12-07T10:00:00Z')]).to.deep.equal([
      '1.234',
      '07.12.2026',
    ]);
    await useLocale('en', false);
    expect([formatNumber(1234), formatDate('2026-12-07T10:00:00Z')]).to.deep.equal([
      '1,234',
      'Dec 7, 2026',
    ]);
  });
});

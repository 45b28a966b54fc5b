import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type Wording, wordingCanonicalText, wordingVersion } from './wording.js';

const wording: Wording = {
  withdrawal: 'Any time, by the link in every email.',
  locale: 'en',
  label: 'Send me the newsletter by email',
  processed: 'Your email address',
  purpose: 'Monthly news',
  retention: 'Until you withdraw',
};

describe('wordingVersion', () => {
  it('is the SHA-256 of the canonical text, whatever the key order of the input', async () => {
    const expected = createHash('sha256').update(wordingCanonicalText(wording)).digest('hex');
    expect(await wordingVersion(wording)).toBe(expected);
    expect(wordingCanonicalText(wording).startsWith('{"label":')).toBe(true);
  });

  it('changes when any single field changes', async () => {
    const base = await wordingVersion(wording);
    for (const key of Object.keys(wording) as (keyof Wording)[]) {
      if (key === 'locale') continue;
      const changed = { ...wording, [key]: `${wording[key]}.` };
      expect(await wordingVersion(changed)).not.toBe(base);
    }
    expect(await wordingVersion({ ...wording, locale: 'de' })).not.toBe(base);
  });
});

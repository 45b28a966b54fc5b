import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sdkVersion } from './version.js';

describe('sdkVersion', () => {
  it('is the version in package.json', () => {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(sdkVersion).toBe((manifest as { version: string }).version);
  });
});

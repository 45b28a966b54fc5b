import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { LinkTokenSchema } from './common.js';

const token = `${'A'.repeat(42)}_`;

describe('LinkTokenSchema', () => {
  it('takes a token of shard 0 as it always was, and one with its shard in front', () => {
    for (const given of [token, `1.${token}`, `12.${token}`, `9999.${token}`]) {
      expect(v.is(LinkTokenSchema, given), given).toBe(true);
    }
  });

  it('refuses a shard 0 written out, a shard past 9999 and a token of the wrong length', () => {
    for (const given of [
      `0.${token}`,
      `10000.${token}`,
      `2.${token.slice(1)}`,
      `2.${token}A`,
      '',
    ]) {
      expect(v.is(LinkTokenSchema, given), given).toBe(false);
    }
  });
});

import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { ConsentRequestSchema } from './consent-requests.js';

const valid = {
  site: 'demo',
  email: 'person@example.org',
  purposes: [{ id: 'newsletter', wordingVersion: 'b'.repeat(64) }],
  locale: 'de',
  pageUrl: 'https://shop.example.org/checkout',
};

describe('ConsentRequestSchema', () => {
  it('accepts a well-formed request', () => {
    expect(v.safeParse(ConsentRequestSchema, valid).success).toBe(true);
  });

  it('refuses a request without any purpose (consent is never implied)', () => {
    const result = v.safeParse(ConsentRequestSchema, { ...valid, purposes: [] });
    expect(result.success).toBe(false);
  });

  it('refuses the same purpose twice', () => {
    const twice = [valid.purposes[0], valid.purposes[0]];
    expect(v.safeParse(ConsentRequestSchema, { ...valid, purposes: twice }).success).toBe(false);
  });

  it('refuses unknown fields, a bad email and a non-http page URL', () => {
    expect(v.safeParse(ConsentRequestSchema, { ...valid, extra: 1 }).success).toBe(false);
    expect(v.safeParse(ConsentRequestSchema, { ...valid, email: 'nope' }).success).toBe(false);
    const js = { ...valid, pageUrl: 'javascript:alert(1)' };
    expect(v.safeParse(ConsentRequestSchema, js).success).toBe(false);
  });
});

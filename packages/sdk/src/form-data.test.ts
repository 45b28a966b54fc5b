import { describe, expect, it } from 'vitest';
import { consentFromFormData } from './form-data.js';

describe('consentFromFormData', () => {
  it('reads the purposes and locale a checkout form carried, ignoring malformed entries', () => {
    const data = new FormData();
    data.append('signet-consent.purpose', `newsletter:${'a'.repeat(64)}`);
    data.append('signet-consent.purpose', 'broken');
    data.append('signet-consent.locale', 'de');
    data.append('email', 'buyer@example.org');
    expect(consentFromFormData(data)).toEqual({
      purposes: [{ id: 'newsletter', wordingVersion: 'a'.repeat(64) }],
      locale: 'de',
    });
  });

  it('gives no purposes when the customer ticked none (consent is never implied)', () => {
    expect(consentFromFormData(new URLSearchParams('email=a%40b.c'))).toEqual({
      purposes: [],
      locale: null,
    });
  });

  it('keeps every locale Signet speaks (French too) and drops others', () => {
    expect(consentFromFormData(new URLSearchParams('signet-consent.locale=fr')).locale).toBe('fr');
    expect(consentFromFormData(new URLSearchParams('signet-consent.locale=xx')).locale).toBeNull();
  });
});

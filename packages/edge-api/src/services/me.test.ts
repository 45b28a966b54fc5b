import { describe, expect, it } from 'vitest';
import { maskEmail, maskPhone } from './me.js';

describe('R2: contact data shown masked', () => {
  it('R2: shows enough of an address or number to recognise it, never a short one whole', () => {
    expect(maskEmail('reader@example.org')).toBe('re***r@example.org');
    expect(maskEmail('abcd@example.org')).toBe('ab*d@example.org');
    expect(maskEmail('abc@example.org')).toBe('a**@example.org');
    expect(maskEmail('a@example.org')).toBe('a**@example.org');
    expect(maskPhone('+4917612345678')).toBe('+49 ••• ••• 678');
  });
});

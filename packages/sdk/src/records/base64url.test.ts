import { describe, expect, it } from 'vitest';
import { fromBase64url, toBase64url } from './base64url.js';
import { canonicalJson } from './canonical-json.js';

describe('base64url', () => {
  it('round-trips every length and agrees with Node', () => {
    for (let length = 0; length < 70; length += 1) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 37 + length) & 0xff);
      const text = toBase64url(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64url'));
      expect(fromBase64url(text)).toEqual(bytes);
    }
  });

  it('refuses non-canonical encodings, whose unused bits would let two strings mean one signature', () => {
    const text = toBase64url(new Uint8Array([255]));
    expect(text).toBe('_w');
    expect(fromBase64url('_x')).toBeNull();
    expect(fromBase64url('a=')).toBeNull();
    expect(fromBase64url('abcde')).toBeNull();
  });
});

describe('canonicalJson (RFC 8785)', () => {
  it('sorts keys by UTF-16 code units and writes numbers and strings as ECMAScript does', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], '\u20ac': 1, '\r': 2, '1': 3 })).toBe(
      '{"\\r":2,"1":3,"a":[true,null,"x"],"b":1,"€":1}',
    );
    expect(canonicalJson({ n: [1e21, 0.1, -0, 333333333.3333333] })).toBe(
      '{"n":[1e+21,0.1,0,333333333.3333333]}',
    );
  });
});

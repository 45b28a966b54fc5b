/**
 * The exhibit's own check, run in the reader's browser with no network (the file may be opened
 * from disk): it reads the records, the key and the excerpt from the appendix as shown, so what
 * is checked is what is printed, and verifies each record's canonical form, its SHA-256, its
 * Ed25519 signature, and the signed excerpt listing exactly these records. The same rules as
 * `verifyExcerpt` in @signet/sdk/verify, written out because the file must stand alone. Plain
 * ES2020 in a string: its SHA-256 goes into the page's CSP, so it is constant.
 */
export const checkScript = `(() => {
  const enc = new TextEncoder();
  const canon = (v) => {
    if (v === null || typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string')
      return JSON.stringify(v);
    if (Array.isArray(v)) return '[' + v.map(canon).join(',') + ']';
    const keys = Object.keys(v).filter((k) => v[k] !== undefined).sort();
    return '{' + keys.map((k) => JSON.stringify(k) + ':' + canon(v[k])).join(',') + '}';
  };
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const b64u = (bytes) => {
    let out = '';
    for (let i = 0; i < bytes.length; i += 3) {
      const n = (bytes[i] << 16) | ((bytes[i + 1] || 0) << 8) | (bytes[i + 2] || 0);
      const chars = i + 2 < bytes.length ? 4 : i + 1 < bytes.length ? 3 : 2;
      for (let c = 0; c < chars; c++) out += abc[(n >> (18 - 6 * c)) & 63];
    }
    return out;
  };
  const unb64u = (text) => {
    if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
    const bytes = [];
    let buffer = 0, bits = 0;
    for (const ch of text) {
      buffer = ((buffer << 6) | abc.indexOf(ch)) & 0xffffff;
      bits += 6;
      if (bits >= 8) { bits -= 8; bytes.push((buffer >> bits) & 0xff); }
    }
    return new Uint8Array(bytes);
  };
  const hex = (buf) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');
  const signingInput = (kind, kid, payload) =>
    b64u(enc.encode(canon({ alg: 'EdDSA', kid, typ: kind }))) + '.' + b64u(enc.encode(canon(payload)));
  const text = (root, selector) => (root.querySelector(selector) || { textContent: '' }).textContent.trim();
  async function verify(keys, kind, kid, payload, sig) {
    const jwk = keys.find((k) => k.kid === kid);
    if (!jwk) throw new Error('no public key ' + kid);
    const key = await crypto.subtle.importKey('jwk', { kty: jwk.kty, crv: jwk.crv, x: jwk.x },
      { name: 'Ed25519' }, false, ['verify']);
    const signature = unb64u(sig);
    if (!signature || signature.length !== 64) throw new Error('a signature is not 64 bytes');
    const ok = await crypto.subtle.verify('Ed25519', key, signature, enc.encode(signingInput(kind, kid, payload)));
    if (!ok) throw new Error('the signature does not match');
  }
  async function check() {
    const keys = JSON.parse(document.getElementById('jwks').textContent).keys;
    const records = [...document.querySelectorAll('.record')];
    const hashes = [];
    const seen = [];
    for (const [i, el] of records.entries()) {
      const where = (el.querySelector('h3') || { textContent: '#' + (i + 1) }).textContent + ': ';
      const json = el.querySelector('.json').textContent;
      let record;
      try { record = JSON.parse(json); } catch { throw new Error(where + 'not JSON'); }
      if (canon(record) !== json) throw new Error(where + 'not in canonical form');
      const hash = hex(await crypto.subtle.digest('SHA-256', enc.encode(json)));
      if (hash !== text(el, '.hash')) throw new Error(where + 'the hash does not match the record');
      try { await verify(keys, 'signet-record', text(el, '.kid'), record, text(el, '.sig')); }
      catch (error) { throw new Error(where + error.message); }
      hashes.push(hash);
      seen.push(record);
    }
    const excerptElement = document.getElementById('excerpt');
    if (!excerptElement) throw new Error('no signed excerpt');
    const signed = JSON.parse(excerptElement.textContent);
    try { await verify(keys, 'signet-excerpt', signed.kid, signed.excerpt, signed.sig); }
    catch (error) { throw new Error('excerpt: ' + error.message); }
    const body = signed.excerpt;
    if (body.records.length !== hashes.length || body.records.some((h, i) => h !== hashes[i]))
      throw new Error('the records are not exactly those the excerpt lists');
    if (seen.some((r) => r.site !== body.site || r.seq > body.seq))
      throw new Error('a record is of another site or after the excerpt');
    return records.length;
  }
  const button = document.getElementById('check');
  const result = document.getElementById('check-result');
  button.hidden = false;
  button.addEventListener('click', async () => {
    result.className = '';
    result.textContent = '…';
    if (!window.crypto || !crypto.subtle) {
      result.textContent = button.dataset.unsupported;
      return;
    }
    try {
      await check();
      result.className = 'valid';
      result.textContent = button.dataset.valid;
    } catch (error) {
      result.className = 'invalid';
      const message = error && error.name === 'NotSupportedError' ? button.dataset.unsupported : error.message;
      result.textContent = button.dataset.invalid + ': ' + message;
    }
  });
})();`;

// Test helper, free of Node APIs (the tests also run in workerd): one signed record, signed with
// a WebCrypto Ed25519 key made here.
import { toBase64url } from '../records/base64url.js';
import { signedLog } from '../records/signed-log.js';
import { signingInput } from '../records/signing-input.js';

export async function makeLogWithWebCrypto() {
  const pair = (await crypto.subtle.generateKey('Ed25519', false, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const { records } = await signedLog(1, 'k1', async (kind, payload) =>
    toBase64url(
      new Uint8Array(
        await crypto.subtle.sign(
          'Ed25519',
          pair.privateKey,
          new TextEncoder().encode(signingInput(kind, 'k1', payload)),
        ),
      ),
    ),
  );
  return records[0];
}

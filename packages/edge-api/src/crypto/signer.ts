import { toBase64url } from '@signet/sdk';

/** The active Ed25519 signing key, from the SIGNING_KEY secret (a private JWK with a `kid`). */
export interface Signer {
  kid: string;
  publicJwk: { kty: 'OKP'; crv: 'Ed25519'; x: string; kid: string; alg: 'EdDSA'; use: 'sig' };
  sign(input: string): Promise<string>;
}

interface PrivateJwk {
  kty?: string;
  crv?: string;
  d?: string;
  x?: string;
  kid?: string;
}

const cache = new Map<string, Promise<Signer>>();

async function importSigner(secret: string): Promise<Signer> {
  const jwk = JSON.parse(secret) as PrivateJwk;
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || !jwk.d || !jwk.x || !jwk.kid) {
    throw new Error('SIGNING_KEY must be an Ed25519 private JWK with kty, crv, d, x and kid');
  }
  const key = await crypto.subtle.importKey(
    'jwk',
    { kty: 'OKP', crv: 'Ed25519', d: jwk.d, x: jwk.x },
    { name: 'Ed25519' },
    false,
    ['sign'],
  );
  const kid = jwk.kid;
  return {
    kid,
    publicJwk: { kty: 'OKP', crv: 'Ed25519', x: jwk.x, kid, alg: 'EdDSA', use: 'sig' },
    async sign(input) {
      const signature = await crypto.subtle.sign('Ed25519', key, new TextEncoder().encode(input));
      return toBase64url(new Uint8Array(signature));
    },
  };
}

/** Imports the key once per isolate; a rotated secret (another value) is imported anew. */
export function loadSigner(secret: string | undefined): Promise<Signer> {
  if (!secret) return Promise.reject(new Error('SIGNING_KEY is not set'));
  let signer = cache.get(secret);
  if (!signer) {
    signer = importSigner(secret);
    cache.set(secret, signer);
  }
  return signer;
}

export type PublicJwk = Signer['publicJwk'];

const publicKeyVariable = /^SIGNING_PUBLIC_KEY_[A-Z0-9_]+$/;

function parsePublicJwk(name: string, value: string): PublicJwk {
  let jwk: Partial<PublicJwk>;
  try {
    jwk = JSON.parse(value) as Partial<PublicJwk>;
  } catch {
    throw new Error(`${name} is not JSON`);
  }
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || !jwk.x || !jwk.kid || 'd' in jwk) {
    throw new Error(`${name} must be an Ed25519 public JWK with kty, crv, x and kid`);
  }
  return { kty: 'OKP', crv: 'Ed25519', x: jwk.x, kid: jwk.kid, alg: 'EdDSA', use: 'sig' };
}

/**
 * The published keys (P2): one `SIGNING_PUBLIC_KEY_<NAME>` variable per key that ever signed,
 * plus the active key's public half. They come from configuration, not from a table, so nobody
 * who can write the database can add a key of their own to the JWKS.
 */
export async function publishedKeys(env: object): Promise<PublicJwk[]> {
  const keys = new Map<string, PublicJwk>();
  for (const [name, value] of Object.entries(env)) {
    if (publicKeyVariable.test(name) && typeof value === 'string') {
      const jwk = parsePublicJwk(name, value);
      keys.set(jwk.kid, jwk);
    }
  }
  const secret = (env as { SIGNING_KEY?: unknown }).SIGNING_KEY;
  if (typeof secret === 'string') {
    const signer = await loadSigner(secret);
    const configured = keys.get(signer.kid);
    if (configured && configured.x !== signer.publicJwk.x) {
      throw new Error(`SIGNING_PUBLIC_KEY for kid ${signer.kid} is not SIGNING_KEY's public key`);
    }
    keys.set(signer.kid, signer.publicJwk);
  }
  return [...keys.values()];
}

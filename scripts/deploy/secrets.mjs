// The worker's secrets (src/env.ts): the keys are made here, on the deploying machine, and go to
// wrangler on stdin only, never into an argument, a log line or the terminal. A secret that is
// set already is left alone: rotating one is a decision (docs/deploy.md), not a side effect.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { WranglerError } from './wrangler.mjs';

export const generatedSecretNames = [
  'SIGNING_KEY',
  'INDEX_KEY',
  'MASTER_KEY',
  'LINK_KEY',
  'RECORD_KEY',
];

/** The names of the worker's secrets; none when the worker does not exist yet. */
export function surveySecrets(wrangler) {
  try {
    return wrangler.readJson(['secret', 'list', '--format', 'json']).map((secret) => secret.name);
  } catch (error) {
    // A first deploy: `secret put` creates the worker, `secret list` cannot find it yet.
    if (error instanceof WranglerError && /Worker ".*" not found/.test(error.output)) return [];
    throw error;
  }
}

/**
 * New keys in the formats the worker reads: SIGNING_KEY an Ed25519 private JWK with a kid
 * (crypto/signer.ts), MASTER_KEY `<kid>:<32 bytes base64url>` (crypto/data-keys.ts), INDEX_KEY,
 * LINK_KEY and RECORD_KEY 32 random bytes each, none equal to another (the worker refuses that). The kids carry the date, so a later rotation gets a new one.
 */
export function generateSecrets(names, now = new Date()) {
  const day = now.toISOString().slice(0, 10);
  const makers = {
    SIGNING_KEY: () => {
      const { privateKey } = generateKeyPairSync('ed25519');
      return JSON.stringify({ ...privateKey.export({ format: 'jwk' }), kid: `signet-${day}` });
    },
    INDEX_KEY: () => randomBytes(32).toString('base64url'),
    LINK_KEY: () => randomBytes(32).toString('base64url'),
    RECORD_KEY: () => randomBytes(32).toString('base64url'),
    MASTER_KEY: () => `master-${day}:${randomBytes(32).toString('base64url')}`,
  };
  return Object.fromEntries(names.map((name) => [name, makers[name]()]));
}

/**
 * A copy for whoever runs the deployment (mode 600, never over an existing file): Cloudflare
 * never shows a secret again, and rotating MASTER_KEY needs the old value.
 */
export function writeKeysFile(path, secrets) {
  writeFileSync(path, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
}

/** `value` undefined lets wrangler ask for it itself, without echo. */
export function putSecret(wrangler, name, value) {
  if (value === undefined) {
    wrangler.change(['secret', 'put', name], { prompt: true });
  } else {
    wrangler.change(['secret', 'put', name], { input: value });
  }
}

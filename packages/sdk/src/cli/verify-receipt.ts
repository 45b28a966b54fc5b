/// <reference types="node" />
import { readFile } from 'node:fs/promises';
import * as v from 'valibot';
import { receiptSchemaVersion } from '../contract/receipts.js';
import { type Jwks, JwksSchema } from '../contract/records.js';
import { verifyReceipt } from '../records/verify-receipt.js';

interface Output {
  out(line: string): void;
  err(line: string): void;
}

async function load(source: string): Promise<unknown> {
  const text = /^https?:\/\//.test(source)
    ? await (await fetch(source)).text()
    : await readFile(source, 'utf8');
  return JSON.parse(text);
}

/** A file is taken for a receipt by its shape: an object naming the receipt schema. */
function looksLikeReceipt(input: unknown): boolean {
  return (
    typeof input === 'object' &&
    input !== null &&
    (input as { schemaVersion?: unknown }).schemaVersion === receiptSchemaVersion
  );
}

/**
 * `signet verify receipt.json [--jwks FILE|URL]`: offline with the key inside the receipt; with
 * `--jwks` also that the key inside is the published one. Answers null when FILE is no receipt,
 * so the other shapes go on to the records check.
 */
export async function runReceiptCli(args: string[], io: Output): Promise<number | null> {
  const [command, file, ...rest] = args;
  if (command !== 'verify' || !file) return null;
  let input: unknown;
  try {
    input = await load(file);
  } catch {
    return null;
  }
  if (!looksLikeReceipt(input)) return null;
  const jwksAt = rest[0] === '--jwks' ? rest[1] : undefined;
  if (rest.length > 0 && (rest.length !== 2 || !jwksAt)) {
    io.err('Usage: signet verify RECEIPT.json [--jwks URL|FILE]');
    return 2;
  }
  let jwks: Jwks | undefined;
  try {
    jwks = jwksAt ? v.parse(JwksSchema, await load(jwksAt)) : undefined;
  } catch (error) {
    io.err(
      `signet: cannot read the JWKS: ${error instanceof Error ? error.message : String(error)}`,
    );
    return 2;
  }
  const verdict = await verifyReceipt(input, jwks ? { jwks } : {});
  const receipt = input as {
    site?: { id?: string };
    purpose?: { id?: string };
    events?: unknown[];
  };
  const what = `receipt of ${receipt.site?.id} for purpose ${receipt.purpose?.id}`;
  if (!verdict.ok) {
    io.out(`INVALID ${what}: ${verdict.reason}`);
    return 1;
  }
  io.out(
    `valid   ${what}: ${receipt.events?.length} signed record(s) and the excerpt covering them`,
  );
  io.out(
    jwks
      ? 'valid   the keys inside are the published ones'
      : 'note    checked with the key inside the receipt; add --jwks to compare it with the published one',
  );
  io.out('VALID: receipt verified');
  return 0;
}

import { fromBase64url, toBase64url } from '@signet/sdk';

/**
 * Digests stored many times per consent (SHA-256 and HMAC-SHA256 as 64 hex digits: contact
 * hashes, record hashes, wording versions, token hashes) are kept as their 32 bytes, and a
 * record's Ed25519 signature as its 64 (issue 23, migration 0032). Only the storage changes:
 * the stores read them back as the same text, so what is signed and handed out is as before.
 * A value of any other shape is stored as given, and read back as given.
 */
const hex64 = /^[0-9a-f]{64}$/;

/** Lowercase hex digits (already checked) as their bytes. */
function hexToBytes(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i += 1)
    bytes[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

/** A hex digest as the bytes to bind, or the value unchanged when it is not one. */
export function packedHex<T extends string | null | undefined>(value: T): Uint8Array | T {
  if (typeof value !== 'string' || !hex64.test(value)) return value;
  return hexToBytes(value);
}

/** SQL: a column of another table (hex text) packed as {@link packedHex} packs a bound value. */
export const packHexSql = (column: string) =>
  `CASE WHEN length(${column}) = 64 AND NOT ${column} GLOB '*[^0-9a-f]*' THEN unhex(${column}) ELSE ${column} END`;

/** SQL: a packed column read back as lowercase hex (any other value as stored). */
export const unpackHexSql = (column: string) =>
  `CASE WHEN typeof(${column}) = 'blob' THEN lower(hex(${column})) ELSE ${column} END`;

/**
 * A blind index as stored: an address's (subjects and suppressions) packed as a digest since
 * migration 0038, a number's as given. The stores read an address's back with
 * {@link unpackHexSql}, so the services keep their hex.
 */
export function storedIndex(kind: 'email' | 'phone', index: string): Uint8Array | string {
  return kind === 'email' ? packedHex(index) : index;
}

/** A signature (base64url of 64 bytes) as its bytes to bind; any other value unchanged. */
export function packedSignature(sig: string): Uint8Array | string {
  const bytes = fromBase64url(sig);
  return bytes && bytes.length === 64 && toBase64url(bytes) === sig ? bytes : sig;
}

/** A signature as {@link unpackHexSql} reads it back (128 hex digits) as base64url again. */
export function unpackedSignature(stored: string): string {
  if (!/^[0-9a-f]{128}$/.test(stored)) return stored;
  return toBase64url(hexToBytes(stored));
}

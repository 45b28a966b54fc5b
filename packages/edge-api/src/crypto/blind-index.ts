import { hmacHex } from './digest.js';

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Keyed hash used to find a subject by address without querying the plaintext. */
export function emailIndex(indexKey: string, email: string): Promise<string> {
  return hmacHex(indexKey, `email:${normaliseEmail(email)}`);
}

/** Keyed hash of an E.164 phone number (spaces removed), for lookups by phone. */
export function phoneIndex(indexKey: string, phone: string): Promise<string> {
  return hmacHex(indexKey, `phone:${phone.replace(/\s+/g, '')}`);
}

import { normaliseEmail } from './blind-index.js';

// Providers that deliver `first.last@` and `firstlast@` to the same mailbox.
const dotInsensitive = new Map([
  ['gmail.com', 'gmail.com'],
  ['googlemail.com', 'gmail.com'],
]);

/**
 * The mailbox an address is delivered to, for counting only (S4): lower case, `+tag` removed,
 * and dots removed where the provider ignores them. `victim+1@` ... `victim+10@` are one mailbox
 * to the per-address limit. Never stored and never used to send.
 */
export function canonicalMailbox(email: string): string {
  const address = normaliseEmail(email);
  const at = address.lastIndexOf('@');
  if (at < 1) return address;
  const domain = address.slice(at + 1);
  let local = address.slice(0, at).split('+')[0] ?? '';
  const canonicalDomain = dotInsensitive.get(domain);
  if (canonicalDomain) local = local.replaceAll('.', '');
  return `${local}@${canonicalDomain ?? domain}`;
}

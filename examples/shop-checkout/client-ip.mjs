// The customer's IP address as the checkout saw it, for the consent evidence Signet signs. The
// socket's peer is the only address a customer cannot write: `X-Forwarded-For` is a request
// header like any other, so taking it on trust would let anyone put any network into the signed
// record. A shop behind its own reverse proxy names that proxy in TRUSTED_PROXY; only then is the
// header read, and only the part that proxy wrote.

/** `::ffff:203.0.113.9` (an IPv4 peer on a dual-stack socket) as `203.0.113.9`. */
const plain = (address) =>
  address?.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;

/** TRUSTED_PROXY: the shop's own proxies, comma-separated addresses (empty: no proxy). */
export function parseTrustedProxies(list) {
  return new Set(
    String(list ?? '')
      .split(',')
      .map((entry) => plain(entry.trim()))
      .filter(Boolean),
  );
}

/**
 * The socket's peer; behind a trusted proxy, the address that proxy saw instead: the last entry
 * of `X-Forwarded-For` that is not one of the trusted proxies. Entries to its left are what the
 * client sent and are never read.
 *
 * @param {string | undefined} socketAddress
 * @param {string | undefined} forwardedFor
 * @param {Set<string>} trusted
 * @returns {string | null}
 */
export function customerIp(socketAddress, forwardedFor, trusted) {
  let ip = plain(socketAddress) || null;
  if (!ip || !trusted.has(ip) || !forwardedFor) return ip;
  const hops = forwardedFor
    .split(',')
    .map((hop) => plain(hop.trim()))
    .filter(Boolean);
  while (hops.length > 0) {
    ip = hops.pop();
    if (!trusted.has(ip)) break;
  }
  return ip;
}

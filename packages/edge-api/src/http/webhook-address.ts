import { isLoopback, nonPublicAddressKind } from './ip-literals.js';

/** Names that never resolve to a public receiver (RFC 6761, 6762, 8375 and ICANN's .internal). */
const localNames = /(^|\.)(localhost|local|internal|home\.arpa)$/;
const allowedPorts = new Set(['', '8443']);

/**
 * The host as the URL standard parsed it, brackets and trailing dots removed. `localhost.` is
 * `localhost`, and `127.0.0.1..` (which the standard reads as a name) is parsed again and so
 * becomes the address it spells.
 */
function hostOf(parsed: URL) {
  let host = parsed.hostname;
  if (host.startsWith('[')) return { host: host.slice(1, -1), ip: true };
  while (host.endsWith('.')) {
    host = host.replace(/\.+$/, '');
    try {
      host = new URL(`https://${host}/`).hostname;
    } catch {
      return null;
    }
  }
  const ip = /^\d{1,3}(\.\d{1,3}){3}$/.test(host);
  return { host, ip };
}

/**
 * Where a webhook may go (A4): `https`, no user name or password, port 443 or 8443, and a host
 * that is a public name or a public unicast address. Every IP literal is judged after the URL
 * standard has normalised it (`2130706433`, `0x7f000001` and `127.1` are `127.0.0.1`), embedded
 * IPv4 forms by the address they embed. A name is resolved by the runtime at delivery: on
 * Cloudflare, Workers cannot reach private addresses through DNS; these literal checks guard the
 * other runtimes too. With `ENVIRONMENT=development`, http and any port to this machine (the shop
 * example, the e2e receiver), and any port elsewhere. Null when the URL may be used, else why not
 * (to follow "url ").
 */
export function webhookAddressProblem(url: string, environment: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'must be a URL';
  }
  if (!/^https?:$/.test(parsed.protocol)) return 'must use https';
  const target = hostOf(parsed);
  if (!target) return 'must name a valid host';
  const { host, ip } = target;
  const development = environment === 'development';
  const local = ip ? isLoopback(host) : host === 'localhost';
  if (parsed.protocol !== 'https:' && !(development && local)) return 'must use https';
  if (parsed.username || parsed.password) return 'must not hold a user name or password';
  if (development && local) return null;
  if (!development && !allowedPorts.has(parsed.port)) return 'must use port 443 or 8443';
  if (ip) {
    const kind = nonPublicAddressKind(host);
    return kind ? `must not point to ${host}, ${kind}` : null;
  }
  if (localNames.test(host)) return `must not name ${host}, a local name`;
  if (!host.includes('.')) return `must not name ${host}, a name without a domain`;
  return null;
}

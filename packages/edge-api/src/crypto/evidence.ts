import { hmacHex } from './digest.js';

export type EvidenceIpMode = 'truncate' | 'hash';

function expandIpv6(ip: string): string[] | null {
  const [head = '', tail, extra] = ip.split('::');
  if (extra !== undefined) return null;
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return null;
  return [...left, ...Array(Math.max(missing, 0)).fill('0'), ...right];
}

/** The client IP cut to its network: /24 for IPv4, /48 for IPv6 (P1, data minimisation). */
export function truncateIp(ip: string): string | null {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (v4) return `${v4[1]}.${v4[2]}.${v4[3]}.0/24`;
  const groups = ip.includes(':') ? expandIpv6(ip.toLowerCase()) : null;
  if (!groups || groups.some((group) => !/^[0-9a-f]{1,4}$/.test(group))) return null;
  return `${groups
    .slice(0, 3)
    .map((group) => group.replace(/^0+(?=.)/, ''))
    .join(':')}::/48`;
}

/** How the client IP enters a record as evidence, as the site configures it. */
export async function evidenceIp(mode: EvidenceIpMode, ip: string | null, indexKey: string) {
  if (!ip) return null;
  if (mode === 'hash') return `hmac-sha256:${await hmacHex(indexKey, `evidence-ip:${ip}`)}`;
  return truncateIp(ip);
}

const maxUserAgent = 256;

/**
 * The browser as a record keeps it: control characters and runs of white space become one
 * space, and at most 256 characters stay (a signed record can never be trimmed later).
 */
export function evidenceUserAgent(userAgent: string | null): string | null {
  if (!userAgent) return null;
  const normalised = userAgent
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
    .replace(/[\u0000-\u001f\u007f-\u009f\s]+/g, ' ')
    .trim()
    .slice(0, maxUserAgent)
    .trim();
  return normalised || null;
}

/**
 * The client as the per-client limit counts it (S4): an IPv4 address, or an IPv6 /64 (one
 * subscriber usually holds a whole /64, so counting single IPv6 addresses counts nothing).
 */
export function clientNetwork(ip: string | null): string {
  if (!ip) return 'unknown';
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(ip)) return ip;
  const groups = ip.includes(':') ? expandIpv6(ip.toLowerCase()) : null;
  if (!groups || groups.some((group) => !/^[0-9a-f]{1,4}$/.test(group))) return ip.slice(0, 64);
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

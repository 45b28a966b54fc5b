/**
 * What an IP address literal is when it is not public unicast, from the IANA special-purpose
 * registries; null for an address a public receiver may have. Addresses come as the URL standard
 * serialises a host: IPv4 dotted decimal (`2130706433`, `0x7f000001`, `0177.0.0.1` and `127.1`
 * are `127.0.0.1` by then), IPv6 without brackets.
 */

type Range = readonly [prefix: bigint, bits: number, what: string];

const dottedQuad = /^\d{1,3}(\.\d{1,3}){3}$/;

/** A dotted-quad IPv4 address as a number; null for anything else. */
function parseV4(text: string): bigint | null {
  if (!dottedQuad.test(text)) return null;
  const parts = text.split('.').map(Number);
  if (parts.some((part) => part > 255)) return null;
  return parts.reduce((value, part) => (value << 8n) | BigInt(part), 0n);
}

const v4 = (text: string) => parseV4(text) ?? 0n;

const v4Ranges: Range[] = [
  [v4('0.0.0.0'), 8, 'a "this network" address'],
  [v4('10.0.0.0'), 8, 'a private address'],
  [v4('100.64.0.0'), 10, 'a shared (carrier-grade NAT) address'],
  [v4('127.0.0.0'), 8, 'a loopback address'],
  [v4('169.254.0.0'), 16, 'a link-local address'],
  [v4('172.16.0.0'), 12, 'a private address'],
  [v4('192.0.0.0'), 24, 'an address reserved for IETF protocols'],
  [v4('192.0.2.0'), 24, 'a documentation address'],
  [v4('192.88.99.0'), 24, 'a 6to4 relay anycast address'],
  [v4('192.168.0.0'), 16, 'a private address'],
  [v4('198.18.0.0'), 15, 'a benchmarking address'],
  [v4('198.51.100.0'), 24, 'a documentation address'],
  [v4('203.0.113.0'), 24, 'a documentation address'],
  [v4('224.0.0.0'), 4, 'a multicast address'],
  [v4('255.255.255.255'), 32, 'the broadcast address'],
  [v4('240.0.0.0'), 4, 'a reserved address'],
];

function parseV6(text: string): bigint | null {
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groups = (half: string | undefined) => {
    if (!half) return [];
    const parts = half.split(':');
    const last = parts.at(-1) ?? '';
    // A dotted IPv4 tail is two groups (the URL standard never writes one; other callers may).
    if (last.includes('.')) {
      const value = parseV4(last);
      if (value === null) return null;
      parts.splice(-1, 1, (value >> 16n).toString(16), (value & 0xffffn).toString(16));
    }
    return parts.every((part) => /^[0-9a-f]{1,4}$/i.test(part)) ? parts : null;
  };
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  return [...head, ...Array<string>(missing).fill('0'), ...tail].reduce(
    (value, group) => (value << 16n) | BigInt(`0x${group}`),
    0n,
  );
}

const v6 = (text: string) => parseV6(text) ?? 0n;

/** Forms that carry an IPv4 address, and how far it is shifted: judged by that address. */
type Embedding = readonly [prefix: bigint, bits: number, what: string, shift: bigint];
const v6Embeddings: Embedding[] = [
  // IPv4-compatible (deprecated): a stack that still knows it talks IPv4 to what it carries.
  [v6('::'), 96, 'an IPv4-compatible address', 0n],
  [v6('::ffff:0:0'), 96, 'an IPv4-mapped address', 0n],
  [v6('64:ff9b::'), 96, 'a NAT64 address', 0n],
  [v6('2002::'), 16, 'a 6to4 address', 80n],
];

const v6Ranges: Range[] = [
  [v6('::'), 128, 'the unspecified address'],
  [v6('::1'), 128, 'the loopback address'],
  [v6('64:ff9b:1::'), 48, 'a local-use NAT64 address'],
  [v6('100::'), 64, 'a discard-only address'],
  [v6('2001::'), 32, 'a Teredo address'],
  [v6('2001:db8::'), 32, 'a documentation address'],
  [v6('2001::'), 23, 'an address reserved for IETF protocols'],
  [v6('3fff::'), 20, 'a documentation address'],
  [v6('5f00::'), 16, 'a segment-routing (SRv6) address'],
  [v6('fc00::'), 7, 'a unique local address'],
  [v6('fe80::'), 10, 'a link-local address'],
  [v6('fec0::'), 10, 'a site-local address'],
  [v6('ff00::'), 8, 'a multicast address'],
];

const inRange = (address: bigint, width: number, [prefix, bits]: Range | Embedding) =>
  address >> BigInt(width - bits) === prefix >> BigInt(width - bits);

const dotted = (value: bigint) =>
  [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');

function ipv4Kind(address: bigint) {
  return v4Ranges.find((range) => inRange(address, 32, range))?.[2] ?? null;
}

function ipv6Kind(address: bigint): string | null {
  // Named first: `::` and `::1` are in the IPv4-compatible block too.
  const named = v6Ranges.find((range) => inRange(address, 128, range));
  if (named) return named[2];
  const embedding = v6Embeddings.find((form) => inRange(address, 128, form));
  if (embedding) {
    const inner = (address >> embedding[3]) & 0xffffffffn;
    const kind = ipv4Kind(inner);
    return kind ? `${embedding[2]} of ${dotted(inner)}, ${kind}` : null;
  }
  // Everything else outside 2000::/3, the global unicast block, is reserved or special.
  return address >> 125n === 1n ? null : 'an address outside global unicast (2000::/3)';
}

/** Why this literal is not a public unicast address, or null when it is one. */
export function nonPublicAddressKind(host: string): string | null {
  if (dottedQuad.test(host)) {
    const value = parseV4(host);
    return value === null ? 'not an IPv4 address' : ipv4Kind(value);
  }
  const value = parseV6(host);
  return value === null ? 'not an IP address' : ipv6Kind(value);
}

/** Loopback in any spelling: what development may deliver to. */
export function isLoopback(host: string) {
  if (dottedQuad.test(host)) return host.startsWith('127.');
  return parseV6(host) === 1n;
}

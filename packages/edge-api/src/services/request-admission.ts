import { type KeyMode, type Result, signetError } from '@signet/sdk';
import { canonicalMailbox } from '../crypto/canonical-mailbox.js';
import { hmacHex } from '../crypto/digest.js';
import { clientNetwork } from '../crypto/evidence.js';
import { allOf, type Guard } from '../store/guard.js';
import {
  type Room,
  type TicketNeeds,
  takeTicket,
  takeTickets,
  ticketGranted,
} from '../store/rate-events.js';
import type { Site } from '../store/sites.js';

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;

/** Who is calling: a browser on a page (Origin), or a server holding the site's key. */
export interface Caller {
  origin: string | null;
  /** The site whose API key authenticated the call, or null without one. */
  siteKeyOf: string | null;
  /** The site of the person's preference session the call came with, if any. */
  sessionOf?: string;
  clientIp: string | null;
  /** `test` for a test key's call (decision 0011); live otherwise. */
  mode?: KeyMode;
}

/**
 * Browsers always send an Origin, which must be one of the site's. A call without one comes from
 * a server and must carry the site's key: otherwise anyone could start requests with no origin
 * check at all (S4, S5).
 */
export function checkCaller(site: Site, caller: Caller, alsoAllowed: string[] = []): Result<null> {
  if (caller.siteKeyOf === site.id || caller.sessionOf === site.id)
    return { ok: true, value: null };
  if (caller.origin === null) {
    const message = 'A request without an Origin (from a server) needs the site API key';
    return { ok: false, error: signetError('unauthorized', message) };
  }
  if ([...site.allowedOrigins, ...alsoAllowed].includes(caller.origin)) {
    return { ok: true, value: null };
  }
  const message = `Origin ${caller.origin} may not send consent requests for this site`;
  return { ok: false, error: signetError('origin_not_allowed', message) };
}

/** The page a consent is given on must be one of the site's (it goes into signed records). */
export function checkPageUrl(
  site: Site,
  pageUrl: string,
  alsoAllowed: string[] = [],
): Result<null> {
  const origin = new URL(pageUrl).origin;
  if ([...site.allowedOrigins, ...alsoAllowed].includes(origin)) return { ok: true, value: null };
  const message = "The page must be on one of the site's allowed origins";
  return { ok: false, error: signetError('invalid_input', message, 'pageUrl') };
}

/**
 * An Idempotency-Key belongs to its caller: the site's server, or one browser origin and client
 * network. A browser cannot replay or block a key the shop's server uses.
 */
export async function scopedIdempotencyKey(
  indexKey: string,
  caller: Caller,
  key: string | null,
): Promise<string | null> {
  if (key === null) return null;
  if (caller.siteKeyOf !== null)
    return `${caller.mode === 'test' ? 'test-server' : 'server'}:${key}`;
  const client = await hmacHex(indexKey, `idempotency-client:${clientNetwork(caller.clientIp)}`);
  return `browser:${client.slice(0, 32)}:${caller.origin ?? ''}:${key}`;
}

export function checkIdempotency(
  seen: { fingerprint: string } | null,
  fingerprint: string,
): Result<'new' | 'replay'> {
  if (!seen) return { ok: true, value: 'new' };
  if (seen.fingerprint === fingerprint) return { ok: true, value: 'replay' };
  const message = 'This Idempotency-Key was used for a different request';
  return { ok: false, error: signetError('idempotency_conflict', message, 'Idempotency-Key') };
}

/** The keyed hash the per-address limits count a mailbox by (never the address itself). */
export function mailboxHash(indexKey: string, siteId: string, email: string) {
  return hmacHex(indexKey, `mailbox:${siteId}:${canonicalMailbox(email)}`);
}

/**
 * The rate-limit buckets that count one address: consent requests, preference links and wrong
 * preference codes (an erasure deletes them all).
 */
export async function addressBuckets(indexKey: string, siteId: string, email: string) {
  const mailbox = await mailboxHash(indexKey, siteId, email);
  return [
    `address:${siteId}:${mailbox}`,
    `preference-link:${siteId}:${mailbox}`,
    codeTryBucket(siteId, mailbox),
  ];
}

/** Where the wrong codes typed for an address are counted (services/preference-sessions.ts). */
export function codeTryBucket(siteId: string, mailbox: string) {
  return `code-try:${siteId}:${mailbox}`;
}

/** The tickets one submission takes inside its batch, and the guards they give its writes. */
export interface Tickets {
  /** One statement that takes every ticket of the submission. */
  statements: D1PreparedStatement[];
  /** How many rows of site caps it takes: fewer rows written than `1 + caps` means refused. */
  caps: number;
  /** Holds when the client and every site cap let the submission through. */
  admitted: Guard;
  /** Holds when, besides, the address may get another message (the email part). */
  address: Guard;
  /** Holds when, besides, the number may get another SMS (the SMS part). */
  phone: Guard;
}

/**
 * S4, decided inside the batch so that parallel requests cannot overshoot: the client's hourly
 * limit (IPv4 address or IPv6 /64), the site's daily caps on messages and on SMS, and the daily
 * limit per mailbox (`+tag` and provider dots removed) and per number. Client and site tickets
 * do not depend on the address, so refusing them (429) tells nothing about it; the address and
 * number tickets only decide whether anything is written, behind the same 202.
 *
 * Every ticket is a row of one statement (issue 23: one statement instead of one per ticket,
 * store/rate-events.ts). A cap that one submission takes twice (email and SMS both count as
 * messages) is granted only if both fit. The client's row is written when the client is under
 * its limit even if a site cap refuses, as when each ticket was a statement of its own.
 */
export async function ticketsFor(
  db: D1Database,
  args: {
    site: Site;
    indexKey: string;
    submissionId: string;
    clientIp: string | null;
    email: string;
    phoneIndex: string | null;
    channels: ('email' | 'sms')[];
    now: Date;
    /** What the per-address limit counts: consent requests, or preference links apart. */
    addressBucket?: 'address' | 'preference-link';
    /** A test key's requests count in buckets of their own: they never use up a live limit. */
    mode?: KeyMode;
    /**
     * A re-confirmation (M1) has no client: Signet sends it, paced by the site's own daily cap,
     * so it is counted in a bucket of its own instead of the server's per-client hour.
     */
    clientBucket?: string;
  },
): Promise<Tickets> {
  const { submissionId: id, now } = args;
  const site = args.mode === 'test' ? { ...args.site, id: `test~${args.site.id}` } : args.site;
  const hourAgo = new Date(now.getTime() - hourMs).toISOString();
  const dayAgo = new Date(now.getTime() - dayMs).toISOString();
  const clientHash = await hmacHex(args.indexKey, `ip:${clientNetwork(args.clientIp)}`);
  const clientBucket = args.clientBucket ?? `client:${site.id}:${clientHash}`;
  const mailbox = await mailboxHash(args.indexKey, site.id, args.email);

  const messages = `messages:${site.id}`;
  const caps: Room[] = [
    { bucket: messages, since: dayAgo, need: args.channels.length, limit: site.messagesPerDay },
  ];
  const tickets: { bucket: string; requestId: string; needs: TicketNeeds }[] = [
    { bucket: clientBucket, requestId: `${id}:client`, needs: 'client' },
    ...args.channels.map((channel) => ({
      bucket: messages,
      requestId: `${id}:${channel}:cap`,
      needs: 'admitted' as const,
    })),
  ];
  if (args.channels.includes('sms')) {
    const bucket = `sms:${site.id}`;
    caps.push({ bucket, since: dayAgo, need: 1, limit: site.smsPerDay });
    tickets.push({ bucket, requestId: `${id}:sms-cap`, needs: 'admitted' });
  }
  const limit = site.addressLimitPerDay;
  const addressBucket = `${args.addressBucket ?? 'address'}:${site.id}:${mailbox}`;
  tickets.push({ bucket: addressBucket, requestId: id, needs: 'address' });
  const withPhone = Boolean(args.phoneIndex && args.channels.includes('sms'));
  const phoneBucket = `phone:${site.id}:${args.phoneIndex}`;
  if (withPhone) tickets.push({ bucket: phoneBucket, requestId: `${id}:sms`, needs: 'phone' });
  const statement = takeTickets(db, {
    at: now.toISOString(),
    client: { bucket: clientBucket, since: hourAgo, need: 1, limit: site.clientLimitPerHour },
    caps,
    address: { bucket: addressBucket, since: dayAgo, need: 1, limit },
    phone: withPhone ? { bucket: phoneBucket, since: dayAgo, need: 1, limit } : null,
    tickets,
  });
  // The caps are granted together or not at all: one of their rows tells.
  const firstCap = tickets.find((ticket) => ticket.needs === 'admitted');
  const admitted = ticketGranted(firstCap?.requestId ?? `${id}:client`);
  const address = ticketGranted(id);
  const phone = allOf(address, ticketGranted(`${id}:sms`));
  const capRows = tickets.filter((ticket) => ticket.needs === 'admitted').length;
  return { statements: [statement], caps: capRows, admitted, address, phone };
}

/** Why the batch's tickets refused the whole submission, if they did. */
export function refusal(tickets: Tickets, results: D1Result[]): Result<null> {
  const written = results[0]?.meta.changes ?? 0;
  if (written === 0) {
    const message = 'Too many requests from this client; try again later';
    return { ok: false, error: signetError('rate_limited', message) };
  }
  if (written < 1 + tickets.caps) {
    const message = 'This site has reached its daily limit of confirmation messages; try tomorrow';
    return { ok: false, error: signetError('rate_limited', message) };
  }
  return { ok: true, value: null };
}

/**
 * S4 for a call that names no site to count against (`POST /v1/preference-sessions`): a ticket
 * of the client (IPv4 address or IPv6 /64) in its own bucket, at most `limit` an hour. Run it
 * before anything else; it is granted when it wrote its row.
 */
export async function clientTicket(
  db: D1Database,
  args: { indexKey: string; bucket: string; clientIp: string | null; now: Date; limit: number },
) {
  const clientHash = await hmacHex(args.indexKey, `ip:${clientNetwork(args.clientIp)}`);
  const requestId = `${args.bucket}:${crypto.randomUUID()}`;
  return {
    statement: takeTicket(db, {
      bucket: `${args.bucket}:${clientHash}`,
      requestId,
      at: args.now.toISOString(),
      since: new Date(args.now.getTime() - hourMs).toISOString(),
      limit: args.limit,
    }),
    /** Holds for the batch's later statements once the ticket was taken. */
    granted: ticketGranted(requestId),
  };
}

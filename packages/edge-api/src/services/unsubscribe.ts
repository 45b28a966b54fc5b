import type { Locale, Wording } from '@signet/sdk';
import { looksLikeToken, tokenHash } from '../crypto/tokens.js';
import { pendingRequestCountRead } from '../store/consent-requests.js';
import { consentByUnsubscribeHashRead, ofUnsubscribeTarget } from '../store/consents.js';
import { readTogether } from '../store/reads.js';
import { wordingTextsRead } from '../store/wordings.js';
import type { ErasureEnv } from './erasure.js';
import { lastPurposeRule } from './last-purpose.js';
import { withdrawalReads, withdrawWith } from './withdrawal.js';

export type UnsubscribeView =
  | { state: 'unknown' }
  | {
      state: 'subscribed' | 'unsubscribed' | 'done';
      siteId: string;
      siteName: string;
      controller: string;
      label: string;
      locale: Locale;
      /** `subscribed`: the button would end the person's last purpose, and so erase them (R4). */
      lastPurpose: boolean;
      /** `done`: it did; only the signed records are kept. */
      erased: boolean;
    };

/**
 * The consent a token names, its site and wording, the person's consents and whether a request
 * of theirs is pending: one round trip.
 */
async function load(db: D1Database, token: string, now: Date) {
  if (!looksLikeToken(token)) return null;
  const hash = await tokenHash(token);
  const person = {
    siteId: ofUnsubscribeTarget('site_id', hash),
    subjectId: ofUnsubscribeTarget('subject_id', hash),
  };
  const [consent, texts, pending, site, consents] = await readTogether(db, [
    consentByUnsubscribeHashRead(db, hash),
    wordingTextsRead(db, person.siteId, ofUnsubscribeTarget('wording_version', hash)),
    pendingRequestCountRead(db, person.subjectId, now.toISOString()),
    ...withdrawalReads(db, person),
  ] as const);
  return consent ? { consent, texts, pending: pending ?? 0, state: { site, consents } } : null;
}

function describe(
  { consent, texts, pending, state }: NonNullable<Awaited<ReturnType<typeof load>>>,
  locale: Locale | null,
) {
  const text = texts.get(consent.wording_version);
  const label = text ? (JSON.parse(text) as Wording).label : consent.purpose_id;
  return {
    siteId: consent.site_id,
    siteName: state.site?.name ?? consent.site_id,
    controller: state.site?.controllerName ?? state.site?.name ?? consent.site_id,
    label,
    locale: locale ?? state.site?.defaultLocale ?? 'de',
    lastPurpose: lastPurposeRule.wouldEndAll(state.consents, pending, [consent.purpose_id]),
    erased: false,
  };
}

/** `GET /u/{token}`: what the one-click link would do. Reads only: link scanners GET every URL. */
export async function previewUnsubscribe(
  db: D1Database,
  token: string,
  locale: Locale | null,
  now: Date,
): Promise<UnsubscribeView> {
  const loaded = await load(db, token, now);
  if (!loaded) return { state: 'unknown' };
  const state = loaded.consent.status === 'active' ? 'subscribed' : 'unsubscribed';
  return { state, ...describe(loaded, locale) };
}

/**
 * `POST /u/{token}` (R1, RFC 8058): withdraws the one purpose the link names, with its signed
 * record, at once. Needs no login, cookie or Origin; a second POST changes nothing more. The
 * last purpose withdrawn here erases the person as on the preferences page (R4, one rule for
 * every path: `last-purpose.ts`); the signed records stay.
 */
export async function unsubscribe(
  env: ErasureEnv,
  token: string,
  context: {
    locale: Locale | null;
    now: Date;
    clientIp: string | null;
    userAgent: string | null;
    indexKey: string;
  },
): Promise<UnsubscribeView> {
  const loaded = await load(env.DB, token, context.now);
  if (!loaded) return { state: 'unknown' };
  const { consent } = loaded;
  const result = await withdrawWith(env, consent, loaded.state, [consent.purpose_id], {
    ...context,
    form: 'one-click-unsubscribe',
  });
  return {
    ...describe(loaded, context.locale),
    state: result.withdrawn.length > 0 ? 'done' : 'unsubscribed',
    erased: result.erased,
  };
}

import type { Locale, Wording } from '@signet/sdk';
import { looksLikeToken, tokenHash } from '../crypto/tokens.js';
import { consentByUnsubscribeHashRead, ofUnsubscribeTarget } from '../store/consents.js';
import { readTogether } from '../store/reads.js';
import { wordingTextsRead } from '../store/wordings.js';
import type { ErasureEnv } from './erasure.js';
import { withdrawalReads, withdrawWith } from './withdrawal.js';

export type UnsubscribeView =
  | { state: 'unknown' }
  | {
      state: 'subscribed' | 'unsubscribed' | 'done';
      siteId: string;
      siteName: string;
      label: string;
      locale: Locale;
    };

/** The consent a token names, its site and wording, and the person's consents: one round trip. */
async function load(db: D1Database, token: string) {
  if (!looksLikeToken(token)) return null;
  const hash = await tokenHash(token);
  const person = {
    siteId: ofUnsubscribeTarget('site_id', hash),
    subjectId: ofUnsubscribeTarget('subject_id', hash),
  };
  const [consent, texts, site, consents] = await readTogether(db, [
    consentByUnsubscribeHashRead(db, hash),
    wordingTextsRead(db, person.siteId, ofUnsubscribeTarget('wording_version', hash)),
    ...withdrawalReads(db, person),
  ] as const);
  return consent ? { consent, texts, state: { site, consents } } : null;
}

function describe(
  { consent, texts, state }: NonNullable<Awaited<ReturnType<typeof load>>>,
  locale: Locale | null,
) {
  const text = texts.get(consent.wording_version);
  const label = text ? (JSON.parse(text) as Wording).label : consent.purpose_id;
  return {
    siteId: consent.site_id,
    siteName: state.site?.name ?? consent.site_id,
    label,
    locale: locale ?? state.site?.defaultLocale ?? 'de',
  };
}

/** `GET /u/{token}`: what the one-click link would do. Reads only: link scanners GET every URL. */
export async function previewUnsubscribe(
  db: D1Database,
  token: string,
  locale: Locale | null,
): Promise<UnsubscribeView> {
  const loaded = await load(db, token);
  if (!loaded) return { state: 'unknown' };
  const state = loaded.consent.status === 'active' ? 'subscribed' : 'unsubscribed';
  return { state, ...describe(loaded, locale) };
}

/**
 * `POST /u/{token}` (R1, RFC 8058): withdraws the one purpose the link names, with its signed
 * record, at once. Needs no login, cookie or Origin; a second POST changes nothing more. Never
 * erases: the link travels with every message and anyone holding one can press it, so the last
 * purpose withdrawn here leaves the address suppressed (R5) and the data for the person's own
 * erasure (preferences page) or the site owner's.
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
  const loaded = await load(env.DB, token);
  if (!loaded) return { state: 'unknown' };
  const { consent } = loaded;
  const result = await withdrawWith(env, consent, loaded.state, [consent.purpose_id], {
    ...context,
    form: 'one-click-unsubscribe',
    whenNothingLeft: 'suppress',
  });
  return {
    state: result.withdrawn.length > 0 ? 'done' : 'unsubscribed',
    ...describe(loaded, context.locale),
  };
}

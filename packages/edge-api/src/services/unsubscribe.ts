import type { Locale, Wording } from '@signet/sdk';
import { looksLikeToken, tokenHash } from '../crypto/tokens.js';
import { findConsentByUnsubscribeHash, type UnsubscribeTarget } from '../store/consents.js';
import { findSite } from '../store/sites.js';
import { listWordingTexts } from '../store/wordings.js';
import type { ErasureEnv } from './erasure.js';
import { withdrawPurposes } from './withdrawal.js';

export type UnsubscribeView =
  | { state: 'unknown' }
  | {
      state: 'subscribed' | 'unsubscribed' | 'done';
      siteId: string;
      siteName: string;
      label: string;
      locale: Locale;
    };

async function target(db: D1Database, token: string) {
  if (!looksLikeToken(token)) return null;
  return findConsentByUnsubscribeHash(db, await tokenHash(token));
}

async function describe(db: D1Database, consent: UnsubscribeTarget, locale: Locale | null) {
  const site = await findSite(db, consent.site_id);
  const texts = await listWordingTexts(db, consent.site_id, [consent.wording_version]);
  const text = texts.get(consent.wording_version);
  const label = text ? (JSON.parse(text) as Wording).label : consent.purpose_id;
  return {
    siteId: consent.site_id,
    siteName: site?.name ?? consent.site_id,
    label,
    locale: locale ?? site?.defaultLocale ?? 'de',
  };
}

/** `GET /u/{token}`: what the one-click link would do. Reads only: link scanners GET every URL. */
export async function previewUnsubscribe(
  db: D1Database,
  token: string,
  locale: Locale | null,
): Promise<UnsubscribeView> {
  const consent = await target(db, token);
  if (!consent) return { state: 'unknown' };
  const state = consent.status === 'active' ? 'subscribed' : 'unsubscribed';
  return { state, ...(await describe(db, consent, locale)) };
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
  const consent = await target(env.DB, token);
  if (!consent) return { state: 'unknown' };
  const described = await describe(env.DB, consent, context.locale);
  const result = await withdrawPurposes(env, consent, [consent.purpose_id], {
    ...context,
    form: 'one-click-unsubscribe',
    whenNothingLeft: 'suppress',
  });
  return { state: result.withdrawn.length > 0 ? 'done' : 'unsubscribed', ...described };
}

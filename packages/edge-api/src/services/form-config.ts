import { type FormConfig, type Locale, type Result, signetError } from '@signet/sdk';
import { listCurrentPurposes } from '../store/purposes.js';
import { findSite } from '../store/sites.js';

const confirmedBySms = new Set(['sms', 'phone']);

/**
 * The public form of a site in the asked locale, or the site's default when it lacks that one.
 * SMS and phone purposes are left out when no SMS transport could confirm them (C5).
 */
export async function getFormConfig(
  db: D1Database,
  siteId: string,
  askedLocale: Locale | undefined,
  options: { now: Date; smsAvailable: boolean },
): Promise<Result<FormConfig>> {
  const { now, smsAvailable } = options;
  const site = await findSite(db, siteId);
  if (!site)
    return { ok: false, error: signetError('unknown_site', `No site "${siteId}"`, 'site') };
  const locale =
    askedLocale && site.locales.includes(askedLocale) ? askedLocale : site.defaultLocale;
  const current = await listCurrentPurposes(db, site.id, locale, now.toISOString());
  const offered = current.filter((purpose) => smsAvailable || !confirmedBySms.has(purpose.channel));
  const purposes = offered.map(({ id, channel, wordingVersion, wording }) => ({
    id,
    channel,
    wordingVersion,
    wording,
  }));
  return {
    ok: true,
    value: {
      site: site.id,
      siteName: site.name,
      locale,
      controller: { name: site.controllerName, contact: site.controllerContact },
      privacyPolicyUrl: site.privacyPolicyUrl,
      purposes,
    },
  };
}

import { type FormConfig, type Locale, type Result, signetError } from '@signet/sdk';
import { listCurrentPurposes } from '../store/purposes.js';
import { findSite } from '../store/sites.js';

/** The public form of a site in the asked locale, or the site's default when it lacks that one. */
export async function getFormConfig(
  db: D1Database,
  siteId: string,
  askedLocale: Locale | undefined,
  now: Date,
): Promise<Result<FormConfig>> {
  const site = await findSite(db, siteId);
  if (!site)
    return { ok: false, error: signetError('unknown_site', `No site "${siteId}"`, 'site') };
  const locale =
    askedLocale && site.locales.includes(askedLocale) ? askedLocale : site.defaultLocale;
  const current = await listCurrentPurposes(db, site.id, locale, now.toISOString());
  const purposes = current.map(({ id, channel, wordingVersion, wording }) => ({
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

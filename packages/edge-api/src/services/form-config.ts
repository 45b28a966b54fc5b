import { type FormConfig, type Locale, type Result, signetError } from '@signet/sdk';
import { currentPurposesRead } from '../store/purposes.js';
import { readTogether } from '../store/reads.js';
import { localeOfSite, siteRead } from '../store/sites.js';

const confirmedBySms = new Set(['sms', 'phone']);

/**
 * The public form of a site in the asked locale, or the site's default when it lacks that one.
 * SMS and phone purposes are left out when no SMS transport could confirm them (C5). Answers
 * with the site's origins too, for the response's CORS headers. A page on an origin the site
 * does not list is refused with what its owner must do: the form could not send from there.
 */
export async function getFormConfig(
  db: D1Database,
  siteId: string,
  askedLocale: Locale | undefined,
  options: { now: Date; smsAvailable: boolean; origin: { page: string | null; own: string } },
): Promise<Result<{ form: FormConfig; siteOrigins: readonly string[] }>> {
  const { now, smsAvailable, origin } = options;
  // One round trip: the purposes are read in the locale the site answers in.
  const [site, current] = await readTogether(db, [
    siteRead(db, siteId),
    currentPurposesRead(db, siteId, localeOfSite(siteId, askedLocale), now.toISOString()),
  ] as const);
  if (!site)
    return { ok: false, error: signetError('unknown_site', `No site "${siteId}"`, 'site') };
  if (origin.page && origin.page !== origin.own && !site.allowedOrigins.includes(origin.page)) {
    const message = `origin ${origin.page} is not allowed for site ${site.id}: add it to the site's origins in the console's settings`;
    return { ok: false, error: signetError('origin_not_allowed', message) };
  }
  const locale =
    askedLocale && site.locales.includes(askedLocale) ? askedLocale : site.defaultLocale;
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
      siteOrigins: site.allowedOrigins,
      form: {
        site: site.id,
        siteName: site.name,
        locale,
        controller: { name: site.controllerName, contact: site.controllerContact },
        privacyPolicyUrl: site.privacyPolicyUrl,
        purposes,
      },
    },
  };
}

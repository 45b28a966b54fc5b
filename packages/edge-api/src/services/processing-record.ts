import type { Channel, Locale, ProcessingRecord } from '@signet/sdk';
import type { Env } from '../env.js';
import { listCurrentPurposes, listPurposes } from '../store/purposes.js';
import type { Site } from '../store/sites.js';

/** What each channel's consent holds (C3: only what the purpose needs). */
const dataCategories: Record<Channel, string[]> = {
  email: ['email'],
  sms: ['email', 'phone'],
  phone: ['email', 'phone'],
  post: ['email'],
};

/** The recipients' descriptions in the entry's language: every sentence in one language (A2). */
const words = {
  de: {
    notConfigured: 'nicht konfiguriert',
    hosting:
      'Betrieb der Anwendung: Cloudflare Workers, D1-Datenbank, KV (Protokoll der Schlüssellöschungen)',
    hostingWhere:
      'D1 in der EU-Jurisdiktion; Anfragen werden an Cloudflare-Standorten weltweit bearbeitet',
    mail: 'Versand der Bestätigungs- und Einstellungs-E-Mails',
    sms: 'Versand der Bestätigungs-SMS',
    perAgreement: 'laut Auftragsverarbeitungsvertrag des Anbieters',
  },
  en: {
    notConfigured: 'not configured',
    hosting: 'hosting: Cloudflare Workers, D1 database, KV (log of destroyed keys)',
    hostingWhere: 'D1 in the EU jurisdiction; requests served at Cloudflare locations worldwide',
    mail: 'sending confirmation and preference emails',
    sms: 'sending confirmation SMS',
    perAgreement: 'per the provider’s data processing agreement',
  },
} satisfies Record<string, Record<string, string>>;

const hostOf = (url: string | undefined, notConfigured: string) => {
  try {
    return url ? new URL(url).host : notConfigured;
  } catch {
    return notConfigured;
  }
};

/** Who receives data on the site's behalf, as this deployment is configured (Art. 30(1)(d)). */
function recipientsOf(env: Env, locale: Locale): ProcessingRecord['recipients'] {
  const t = locale === 'de' ? words.de : words.en;
  const recipients: ProcessingRecord['recipients'] = [
    { name: 'Cloudflare, Inc.', role: 'processor', processes: t.hosting, location: t.hostingWhere },
  ];
  const mail = env.MAIL_TRANSPORT ?? 'dev-mailbox';
  if (mail === 'email-service') {
    recipients.push({
      name: 'Cloudflare Email Service',
      role: 'processor',
      processes: t.mail,
      location: 'Cloudflare',
    });
  } else if (mail === 'http') {
    recipients.push({
      name: hostOf(env.MAIL_API_URL, t.notConfigured),
      role: 'processor',
      processes: t.mail,
      location: t.perAgreement,
    });
  }
  if (env.SMS_TRANSPORT === 'http') {
    recipients.push({
      name: hostOf(env.SMS_API_URL, t.notConfigured),
      role: 'processor',
      processes: t.sms,
      location: t.perAgreement,
    });
  }
  return recipients;
}

/** A2: the record-of-processing entry for this site, from its configuration and purposes. */
export async function processingRecordOf(
  env: Env,
  site: Site,
  locale: Locale,
  now: Date,
): Promise<ProcessingRecord> {
  const [purposes, current] = await Promise.all([
    listPurposes(env.DB, site.id),
    listCurrentPurposes(env.DB, site.id, locale, now.toISOString()),
  ]);
  const wordingOf = new Map(current.map((purpose) => [purpose.id, purpose.wording]));
  return {
    site: site.id,
    locale,
    generatedAt: now.toISOString(),
    controller: {
      name: site.controllerName,
      contact: site.controllerContact,
      privacyPolicyUrl: site.privacyPolicyUrl,
    },
    purposes: purposes.map((purpose) => ({
      id: purpose.id,
      channel: purpose.channel,
      label: wordingOf.get(purpose.id)?.label ?? null,
      description: wordingOf.get(purpose.id)?.purpose ?? null,
      lifetimeDays: purpose.lifetime_days,
      endsAt: purpose.ends_at,
      dataCategories: dataCategories[purpose.channel],
    })),
    unconfirmedRetentionDays: site.unconfirmedRetentionDays,
    evidenceIp: site.evidenceIp,
    recipients: recipientsOf(env, locale),
  };
}

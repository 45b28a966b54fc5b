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

const hostOf = (url: string | undefined) => {
  try {
    return url ? new URL(url).host : 'not configured';
  } catch {
    return 'not configured';
  }
};

/** Who receives data on the site's behalf, as this deployment is configured (Art. 30(1)(d)). */
function recipientsOf(env: Env): ProcessingRecord['recipients'] {
  const recipients: ProcessingRecord['recipients'] = [
    {
      name: 'Cloudflare, Inc.',
      role: 'processor',
      processes: 'hosting: Workers, D1 database, KV (shred log)',
      location: 'D1 in the EU jurisdiction; requests served at Cloudflare locations worldwide',
    },
  ];
  const mail = env.MAIL_TRANSPORT ?? 'dev-mailbox';
  if (mail === 'email-service') {
    recipients.push({
      name: 'Cloudflare Email Service',
      role: 'processor',
      processes: 'sending confirmation and preference emails',
      location: 'Cloudflare',
    });
  } else if (mail === 'http') {
    recipients.push({
      name: hostOf(env.MAIL_API_URL),
      role: 'processor',
      processes: 'sending confirmation and preference emails',
      location: 'per the provider’s data processing agreement',
    });
  }
  if (env.SMS_TRANSPORT === 'http') {
    recipients.push({
      name: hostOf(env.SMS_API_URL),
      role: 'processor',
      processes: 'sending confirmation SMS',
      location: 'per the provider’s data processing agreement',
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
    recipients: recipientsOf(env),
  };
}

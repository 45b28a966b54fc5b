import type { Evidence, EvidenceNarrative, Locale, Wording } from '@signet/sdk';
import { localDate, localTime } from './local-time.js';
import { type Circumstances, type StoryEvent, storiesOf } from './story.js';
import { type ExhibitTexts, exhibitTexts } from './texts.js';

/** The wording a record names, parsed, by its version. */
export function wordingsByVersion(evidence: Evidence): Map<string, Wording> {
  return new Map(evidence.wordings.map(({ version, wording }) => [version, wording]));
}

function sentence(
  event: StoryEvent,
  t: ExhibitTexts,
  on: (iso: string) => string,
  ctx: { label: string; contact: string },
): string {
  const withCircumstances = (text: string, what: Circumstances) =>
    `${text} ${t.circumstances({ network: what.network, browser: what.browser })}`;
  switch (event.kind) {
    case 'requested': {
      const request = withCircumstances(
        t.requested({ on: on(event.at), pageUrl: event.pageUrl, form: event.form, ...ctx }),
        event,
      );
      const asked = event.reference ? `${request} ${t.reference(event.reference)}` : request;
      if (event.outcome === 'superseded' && event.replacedAt) {
        return `${asked} ${t.outcomeSuperseded(on(event.replacedAt))}`;
      }
      return event.outcome === 'unconfirmed' ? `${asked} ${t.outcomeUnconfirmed}` : asked;
    }
    case 'confirmed':
      return withCircumstances(
        t.confirmed({ on: on(event.at), channel: event.channel === 'sms' ? 'sms' : 'email' }),
        event,
      );
    case 'withdrawn': {
      const how = event.form ? (t.withdrawalPaths[event.form] ?? `„${event.form}“`) : null;
      return t.withdrawn({ on: on(event.at), how });
    }
    case 'expired':
      return t.expired(on(event.at));
    case 'used':
      return t.used(on(event.at));
    case 'honoured':
      return t.honoured({ on: on(event.at), system: event.system });
    case 'imported':
      return t.imported(on(event.at), event.system);
    case 'erased':
      return t.erased({ on: on(event.at), allWithdrawn: event.cause === 'all-withdrawn' });
  }
}

/**
 * What happened to each purpose, in plain language, in the locale and the site's time zone:
 * one paragraph per record (a request that was replaced or never confirmed says so). The same
 * paragraphs make the HTML and the PDF, and travel in the JSON.
 */
export function narrativeOf(
  evidence: Evidence,
  locale: Locale = evidence.locale,
): EvidenceNarrative[] {
  const t = exhibitTexts[locale];
  const on = (iso: string) => t.on(localTime(iso, locale, evidence.timeZone));
  const wordings = wordingsByVersion(evidence);
  return storiesOf(evidence).map((story) => {
    const label = wordings.get(story.wordingVersion)?.label ?? story.purpose;
    const ctx = { label, contact: evidence.person.contact };
    return {
      purpose: story.purpose,
      label,
      paragraphs: story.events.map((event) => sentence(event, t, on, ctx)),
    };
  });
}

/** The person as the document names them: the contact asked for, or that it was erased when. */
export function personLine(evidence: Evidence, locale: Locale = evidence.locale): string {
  const { contact, erasedAt } = evidence.person;
  return erasedAt
    ? exhibitTexts[locale].personErased(contact, localDate(erasedAt, locale, evidence.timeZone))
    : contact;
}

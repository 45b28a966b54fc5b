import type { Channel, Evidence, SignedRecord } from '@signet/sdk';

/** Where and with what a record was made, as the record states it (P1). */
export interface Circumstances {
  pageUrl: string | null;
  form: string | null;
  network: string | null;
  browser: string | null;
}

/**
 * What happened to one purpose, event by event, in log order: the records read as a story.
 * A request's outcome says whether it was confirmed, followed by a later request for the same
 * purpose before anything was confirmed (superseded: each link stays valid until one of them
 * confirms, decision 0008, so the narrative does not say its link stopped working) or never
 * confirmed.
 */
export type StoryEvent = { at: string; seq: number } & (
  | ({
      kind: 'requested';
      outcome: 'confirmed' | 'superseded' | 'unconfirmed';
      /** When the request that replaced this one was made. */
      replacedAt: string | null;
      /** The shop's own reference of the request (an order number), as the owner gave it. */
      reference: string | null;
    } & Circumstances)
  | ({ kind: 'confirmed'; channel: Channel | null } & Circumstances)
  | ({ kind: 'withdrawn' } & Circumstances)
  | { kind: 'expired' }
  | { kind: 'used' }
  | { kind: 'honoured'; system: string }
  | { kind: 'imported'; system: string }
  | { kind: 'erased'; cause: 'erasure' | 'all-withdrawn' }
);

export interface PurposeStory {
  purpose: string;
  channel: Channel | null;
  /** The wording the person saw first for this purpose (its label names the purpose). */
  wordingVersion: string;
  events: StoryEvent[];
}

const circumstances = ({ record }: SignedRecord): Circumstances => ({
  pageUrl: record.source.pageUrl,
  form: record.source.form,
  network: record.evidence.ip,
  browser: record.evidence.userAgent,
});

function storyOf(
  purpose: string,
  channel: Channel | null,
  records: SignedRecord[],
  references: Map<string, string>,
): PurposeStory {
  const confirmedRequests = new Set(
    records.filter((s) => s.record.event === 'confirmed').map((s) => s.record.request),
  );
  const events = records.map((signed, index): StoryEvent => {
    const { record } = signed;
    const base = { at: record.at, seq: record.seq };
    switch (record.event) {
      case 'requested': {
        const reference = (record.request && references.get(record.request)) || null;
        if (confirmedRequests.has(record.request)) {
          return {
            ...base,
            kind: 'requested',
            outcome: 'confirmed',
            replacedAt: null,
            reference,
            ...circumstances(signed),
          };
        }
        const later = records
          .slice(index + 1)
          .find(
            (other) =>
              other.record.event === 'requested' &&
              other.record.subject === record.subject &&
              other.record.request !== record.request,
          );
        return {
          ...base,
          kind: 'requested',
          outcome: later ? 'superseded' : 'unconfirmed',
          replacedAt: later?.record.at ?? null,
          reference,
          ...circumstances(signed),
        };
      }
      case 'confirmed':
        return { ...base, kind: 'confirmed', channel, ...circumstances(signed) };
      case 'withdrawn':
        return { ...base, kind: 'withdrawn', ...circumstances(signed) };
      case 'erased':
        return {
          ...base,
          kind: 'erased',
          cause: record.source.form === 'all-withdrawn' ? 'all-withdrawn' : 'erasure',
        };
      case 'honoured':
        return { ...base, kind: 'honoured', system: record.honours?.system ?? '' };
      case 'imported':
        return { ...base, kind: 'imported', system: record.import?.system ?? '' };
      default:
        return { ...base, kind: record.event };
    }
  });
  return {
    purpose,
    channel,
    wordingVersion: records[0]?.record.wording.version ?? '',
    events,
  };
}

/** One story per purpose of the evidence, in the order of their first record. */
export function storiesOf(evidence: Evidence): PurposeStory[] {
  const references = new Map(
    (evidence.references ?? []).map(({ requestId, reference }) => [requestId, reference]),
  );
  return evidence.purposes.map(({ id, channel }) =>
    storyOf(
      id,
      channel,
      evidence.records.filter((signed) => signed.record.purpose === id),
      references,
    ),
  );
}

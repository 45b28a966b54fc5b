import { recordEventOfConsentEvent } from '@signet/sdk';
import type { JsonObject } from './document-types.js';
import type { TextMedia } from './operation.js';
import { componentPrefix } from './schemas.js';

/**
 * A success answer's example, made from its JSON Schema (the contract's) so that it cannot drift
 * from it: what a field holds is read from its name where the schema says only "a string"
 * (`createdAt` a time, `email` an address). `openapi.test.ts` validates every example against
 * its schema.
 */
export function exampleOf(schema: JsonObject, components: Record<string, JsonObject>): unknown {
  return sampleOf(schema, components, '', 0);
}

const at = '2026-11-24T10:15:00.000Z';
const hex64 = '3f0a9c1e5b7d2f4a6c8e0b1d3f5a7c9e2b4d6f8a0c1e3b5d7f9a2c4e6b8d0f1a';

/** Values by field name, tried in order: the first that the schema's pattern allows is taken. */
const byName: [RegExp, string[]][] = [
  [/^(email|owner|address)$/i, ['ada@example.org']],
  [/^phone$/i, ['+4915112345678']],
  [/^(site|siteId)$/i, ['demo']],
  [/^(purpose|purposeId)$/i, ['newsletter']],
  [/^(subject|subjectId)$/i, ['sub_7c2f9a14e8b34d0f']],
  [/^requestId$/i, ['req_5f0c6a1e9b2d4c7f8a3e1b6d0c9f2a4e']],
  [/^(request|requestId)$/i, ['crq_2b9e4f7a1c3d']],
  [/(url|href|pageUrl|link)$/i, ['https://shop.example/newsletter']],
  [/^locale$/i, ['en']],
  [/^(kid|activeKid)$/i, ['k2026-11']],
  [/^(sig|signature)$/i, ['MEUCIQDn0s7l1VbKk2Zx3y9qRk4a5L8mNwOe2pTq7uVwXyZ0AAAAAAAAAA']],
  [/^version$/, ['0.1.0']],
  [/(hash|sha256|prev|head|version)$/i, [hex64]],
  [/^secret$/i, ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw5I1+gMlJ8i0=']],
  [/(At|Until|Time|Timestamp|^at|^since|^date)$/, [at, '2026-11-24']],
  [/^(name|siteName|partyName|controller)$/i, ['Example Shop GmbH']],
  [/^ip$/i, ['203.0.113.7']],
  [/^userAgent$/i, ['Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0']],
  [/^(from|to|day|period|month)$/i, ['2026-11-24', '2026-11']],
  [/^label$/i, ['Newsletter']],
  [/^(description|message|title|text|body|summary)$/i, ['Monthly news from the shop']],
  [/^(id)$/i, ['rec_01jdx3v6c2f1']],
];

/** Strings tried against a pattern no name matched. */
const fallbacks = [
  'example',
  hex64,
  'A'.repeat(43),
  at,
  '2026-11-24',
  'en',
  'de',
  'sk_live_6f1c2b9a8e7d4c3b',
  'wh_3c1e7a9b',
  'evt_01jdx3v6c2f1.wh_3c1e7a9b',
  'req_5f0c6a1e9b2d4c7f8a3e1b6d0c9f2a4e',
  '+4915112345678',
  'ada@example.org',
  '1',
];

function matches(value: string, schema: JsonObject) {
  const pattern = schema.pattern;
  if (typeof pattern === 'string' && !new RegExp(pattern, 'u').test(value)) return false;
  if (typeof schema.minLength === 'number' && value.length < schema.minLength) return false;
  if (typeof schema.maxLength === 'number' && value.length > schema.maxLength) return false;
  return true;
}

function stringOf(schema: JsonObject, name: string): string {
  const format = schema.format;
  if (format === 'date-time') return at;
  if (format === 'date') return '2026-11-24';
  if (format === 'email') return 'ada@example.org';
  if (format === 'uri' || format === 'url') return 'https://shop.example/newsletter';
  const named = byName.filter(([test]) => test.test(name)).flatMap(([, values]) => values);
  const found = [...named, ...fallbacks].find((value) => matches(value, schema));
  if (found) return found;
  const min = typeof schema.minLength === 'number' ? schema.minLength : 1;
  return 'x'.repeat(min);
}

function sampleOf(
  schema: JsonObject,
  components: Record<string, JsonObject>,
  name: string,
  depth: number,
): unknown {
  if (depth > 12) return null;
  const ref = schema.$ref;
  if (typeof ref === 'string' && ref.startsWith(componentPrefix)) {
    const target = components[ref.slice(componentPrefix.length)];
    return target ? sampleOf(target, components, name, depth + 1) : null;
  }
  if (Array.isArray(schema.examples) && schema.examples.length) return schema.examples[0];
  if ('const' in schema) return schema.const;
  if ('default' in schema) return schema.default;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  const choices = (schema.anyOf ?? schema.oneOf) as JsonObject[] | undefined;
  if (Array.isArray(choices)) {
    // A value of the first kind that is not null shows the shape best.
    const shown = choices.find((choice) => choice.type !== 'null') ?? choices[0];
    return shown ? sampleOf(shown, components, name, depth + 1) : null;
  }
  if (Array.isArray(schema.allOf)) {
    return Object.assign(
      {},
      ...(schema.allOf as JsonObject[]).map((part) => sampleOf(part, components, name, depth + 1)),
    );
  }
  const type = Array.isArray(schema.type)
    ? (schema.type as string[]).find((t) => t !== 'null')
    : schema.type;
  switch (type) {
    case 'string':
      return stringOf(schema, name);
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? Math.max(schema.minimum, 1) : 1;
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'array': {
      if (Array.isArray(schema.prefixItems)) {
        return (schema.prefixItems as JsonObject[]).map((item) =>
          sampleOf(item, components, name, depth + 1),
        );
      }
      const items = (schema.items ?? {}) as JsonObject;
      const count = typeof schema.minItems === 'number' ? Math.max(schema.minItems, 1) : 1;
      const item = sampleOf(items, components, name.replace(/s$/, ''), depth + 1);
      // Arrays of unique items (events) show one item; a longer minimum repeats distinct enums.
      if (Array.isArray(items.enum)) return items.enum.slice(0, count);
      return Array.from({ length: count }, () => item);
    }
    default: {
      const properties = (schema.properties ?? {}) as Record<string, JsonObject>;
      const entries = Object.entries(properties).map(([key, property]) => [
        key,
        sampleOf(property, components, key, depth + 1),
      ]);
      const extra = schema.additionalProperties;
      if (entries.length === 0 && typeof extra === 'object' && extra !== null) {
        entries.push(['newsletter', sampleOf(extra as JsonObject, components, name, depth + 1)]);
      }
      return Object.fromEntries(entries);
    }
  }
}

/** What a text answer looks like, by its media type. */
export const textExamples: Record<Exclude<TextMedia, 'application/pdf'>, string> = {
  'text/html':
    '<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8"><title>Signet</title></head>\n<body><main><h1>…</h1></main></body>\n</html>\n',
  'text/csv': 'date,purpose,requests,confirmations\n2026-11-24,newsletter,12,9\n',
  'text/markdown': '# Record of processing activities\n\n…\n',
  'text/javascript': "document.querySelectorAll('form.try-it').forEach(…);\n",
  'application/x-ndjson':
    '{"type":"manifest","format":"signet-site-export","version":1,"site":"demo","generatedAt":"2026-12-07T04:00:00.000Z","origin":"https://consent.example","schema":"https://consent.example/schemas/site-export.json"}\n{"type":"end","counts":{}}\n',
  'application/jose':
    'eyJhbGciOiJFZERTQSIsImtpZCI6ImsyMDI2LTExIn0.eyJ2IjoxLCJpZCI6InJlY18wMWpkeDN2NmMyZjEifQ.MEUCIQDn0s7l1VbKk2Zx3y9qRk4a5L8mNwOe2pTq7uVwXyZ0',
};

const exampleRecord = {
  record: {
    v: 1,
    id: 'rec_01jdx3v6c2f1',
    site: 'demo',
    seq: 42,
    prev: hex64,
    subject: 'sub_7c2f9a14e8b34d0f',
    contact: { email: hex64, phone: null },
    purpose: 'newsletter',
    wording: { version: hex64, sha256: hex64 },
    event: 'confirmed',
    at,
    source: { pageUrl: 'https://shop.example/newsletter', form: 'footer' },
    evidence: { ip: '203.0.113.7', userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0)' },
    request: 'crq_2b9e4f7a1c3d',
  },
  hash: hex64,
  kid: 'k2026-11',
  sig: 'MEUCIQDn0s7l1VbKk2Zx3y9qRk4a5L8mNwOe2pTq7uVwXyZ0AAAAAAAAAA',
};

const recordEventOf: Record<string, string> = recordEventOfConsentEvent;

/** A body Signet sends for an event of `type`. */
export function webhookEventExample(type: string) {
  const id = 'evt_rec_01jdx3v6c2f1.wh_3c1e7a9b';
  if (type === 'log.integrity') {
    return {
      id: 'evt_integrity_q_5d2a.wh_3c1e7a9b',
      type,
      timestamp: at,
      data: {
        site: 'demo',
        record: 'rec_01jdx3v6c2f9',
        reason: 'mismatch',
        event: 'confirmed',
        subject: 'sub_7c2f9a14e8b34d0f',
        purpose: 'newsletter',
        request: null,
        at,
        quarantinedAt: at,
      },
    };
  }
  if (type === 'consent.unhonoured') {
    return {
      id: 'evt_unhonoured_rec_01jdx3v6c2f1.brevo.wh_3c1e7a9b',
      type,
      timestamp: at,
      data: {
        site: 'demo',
        subject: 'sub_7c2f9a14e8b34d0f',
        purpose: 'newsletter',
        request: 'crq_2b9e4f7a1c3d',
        system: 'brevo',
        record: { ...exampleRecord, record: { ...exampleRecord.record, event: 'withdrawn' } },
      },
    };
  }
  const event = recordEventOf[type] ?? 'confirmed';
  return {
    id,
    type,
    timestamp: at,
    data: {
      site: 'demo',
      subject: 'sub_7c2f9a14e8b34d0f',
      purpose: 'newsletter',
      request: 'crq_2b9e4f7a1c3d',
      reference: 'order-10042',
      record: { ...exampleRecord, record: { ...exampleRecord.record, event } },
    },
  };
}

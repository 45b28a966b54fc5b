import { Validator } from '@cfworker/json-schema';
import { describe, expect, it } from 'vitest';
import { CsvRecordSplitter, parseCsv } from './csv.js';
import { signetImportRowJsonSchema } from './json-schema.js';
import { reportedTime } from './reported-time.js';
import { readImportBody } from './rows.js';

const splitAll = (pieces: string[]) => {
  const splitter = new CsvRecordSplitter();
  return [...pieces.flatMap((piece) => splitter.push(piece)), ...splitter.end()];
};

describe('CSV as newsletter tools export it', () => {
  it('M1: keeps quoted separators, quotes and line breaks, drops the byte order mark, whatever the pieces', () => {
    const text =
      '\uFEFFemail;note\r\n"a@example.org";"eins; ""zwei""\r\ndrei"\r\nb@example.org;x\r\n';
    const whole = splitAll([text]);
    for (let cut = 1; cut < text.length; cut += 1) {
      expect(splitAll([text.slice(0, cut), text.slice(cut)])).toEqual(whole);
    }
    expect(parseCsv(text)).toEqual({
      header: ['email', 'note'],
      rows: [
        ['a@example.org', 'eins; "zwei"\r\ndrei'],
        ['b@example.org', 'x'],
      ],
    });
  });

  it('M1: reads a tab-separated file and one without a final line break', () => {
    expect(parseCsv('EMAIL\tADDED_TIME\nc@example.org\t2024-01-01')).toEqual({
      header: ['EMAIL', 'ADDED_TIME'],
      rows: [['c@example.org', '2024-01-01']],
    });
  });
});

describe('times as sources report them', () => {
  it('M1: keeps a time without a zone without one, turns Unix times and offsets into UTC, refuses impossible dates', () => {
    expect(reportedTime('2024-03-01 09:15:00')).toEqual({ ok: true, value: '2024-03-01T09:15:00' });
    expect(reportedTime('12.03.2024 14:05')).toEqual({ ok: true, value: '2024-03-12T14:05:00' });
    expect(reportedTime('1.3.2024, 9:05:07 Uhr')).toEqual({
      ok: true,
      value: '2024-03-01T09:05:07',
    });
    expect(reportedTime('15-01-2024 10:20:30')).toEqual({ ok: true, value: '2024-01-15T10:20:30' });
    expect(reportedTime('31.12.2023')).toEqual({ ok: true, value: '2023-12-31' });
    expect(reportedTime('1710252300')).toEqual({ ok: true, value: '2024-03-12T14:05:00Z' });
    expect(reportedTime('2024-02-10T08:00:00+01:00')).toEqual({
      ok: true,
      value: '2024-02-10T07:00:00Z',
    });
    expect(reportedTime('')).toEqual({ ok: true, value: null });
    expect(reportedTime('0')).toEqual({ ok: true, value: null });
    for (const wrong of ['30.02.2024', '2024-13-01', '12/03/2024', 'gestern', '24:00 01.01.2024']) {
      expect(reportedTime(wrong)).toEqual({ ok: false });
    }
  });
});

describe('the format adapters', () => {
  it('M1: each reads its source’s own column names (any case) into the same row', () => {
    const mailchimp = readImportBody(
      'mailchimp',
      '"Email Address",OPTIN_TIME,OPTIN_IP,CONFIRM_TIME,CONFIRM_IP\nm@example.org,2024-03-01 09:15:00,203.0.113.7,2024-03-01 09:17:42,198.51.100.23\n',
      'csv',
    );
    const cleverreach = readImportBody(
      'cleverreach',
      'EMAIL;ACTIVATED;REGISTERED;DEACTIVATED;SOURCE\nc@example.org;1710252300;1710252000;0;Shop\n',
      'csv',
      7,
    );
    expect(mailchimp).toMatchObject({
      ok: true,
      system: 'mailchimp',
      rows: [
        {
          ok: true,
          value: {
            row: 1,
            email: 'm@example.org',
            optIn: { at: '2024-03-01T09:15:00', ip: '203.0.113.7' },
            confirmation: { at: '2024-03-01T09:17:42', ip: '198.51.100.23' },
          },
        },
      ],
    });
    expect(cleverreach).toMatchObject({
      ok: true,
      rows: [
        { ok: true, value: { row: 7, form: 'Shop', confirmation: { at: '2024-03-12T14:05:00Z' } } },
      ],
    });
    expect(readImportBody('brevo', 'E-Mail;Name\nx@example.org;X\n', 'csv')).toEqual({
      ok: false,
      message: 'The header has no "EMAIL" column',
    });
  });

  it('M1: the JSON Schema of the Signet format accepts what the import reads and refuses unknown fields', () => {
    const validator = new Validator(signetImportRowJsonSchema as never, '2020-12');
    const row = {
      email: 'p@example.org',
      purpose: 'newsletter',
      opt_in_at: '2024-01-01T10:00:00Z',
      opt_in_ip: '203.0.113.7',
      confirmed_at: '01.01.2024 10:05',
      confirmed_ip: '203.0.113.7',
      source_form: 'https://shop.example/newsletter',
      wording_text: 'Ja, ich möchte den Newsletter.',
      wording_version: 'v3',
    };
    expect(validator.validate(row).valid).toBe(true);
    expect(readImportBody('signet', JSON.stringify(row), 'ndjson').ok).toBe(true);
    expect(validator.validate({ email: 'p@example.org', name: 'P' }).valid).toBe(false);
    expect(validator.validate({ purpose: 'newsletter' }).valid).toBe(false);
  });
});

describe('M2: rows of a Signet site export (signet-export)', () => {
  const original = {
    original_origin: 'https://old.example',
    original_site: 'demo',
    original_id: 'record-1',
    original_hash: 'a'.repeat(64),
    original_kid: 'key-1',
  };
  const line = (fields: Record<string, unknown>) =>
    JSON.stringify({ email: 'p@example.org', purpose: 'newsletter', status: 'active', ...fields });

  it('M2: an active consent names its original record; a withdrawn one is not subscribed; a partial or malformed original is refused', () => {
    const body = [
      line(original),
      line({ ...original, status: 'withdrawn' }),
      line({ ...original, original_kid: undefined }),
      line({ ...original, original_hash: 'not-a-hash' }),
    ].join('\n');
    const read = readImportBody('signet-export', body, 'ndjson');
    if (!read.ok) throw new Error(read.message);
    expect(read.system).toBe('signet');
    const [first, ...rest] = read.rows;
    expect(first?.ok && first.value.original).toEqual({
      origin: 'https://old.example',
      site: 'demo',
      id: 'record-1',
      hash: 'a'.repeat(64),
      kid: 'key-1',
    });
    expect(rest.map((row) => (row.ok ? 'ok' : row.skip.reason))).toEqual([
      'not-subscribed',
      'invalid-row',
      'invalid-row',
    ]);
  });
});

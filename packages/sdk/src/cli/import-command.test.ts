// `signet import`: the file is read as a stream and sent in calls, each a whole CSV with its header.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportReport } from '../contract/imports.js';
import { readImportBody } from '../import/rows.js';
import { createSignetAdmin } from '../server/admin-client.js';
import { runSignet } from './main.js';

const environment = {
  SIGNET_ENDPOINT: 'https://signet.test',
  SIGNET_SITE: 'shop',
  SIGNET_API_KEY: 'sk_live_cli_test_key',
};

/** An API that reads each call as the worker does and imports every readable row. */
function importingApi(failAtCall = 0) {
  const calls: { query: URLSearchParams; body: string; type: string | null }[] = [];
  const fetchImpl: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    const body = String(init?.body);
    const type = new Headers(init?.headers).get('content-type');
    calls.push({ query: url.searchParams, body, type });
    if (calls.length === failAtCall) {
      return Response.json(
        {
          error: {
            code: 'invalid_input',
            message: 'The header has no "email" column',
            field: 'body',
          },
        },
        { status: 422 },
      );
    }
    const format = url.searchParams.get('format') as 'cleverreach';
    const read = readImportBody(
      format,
      body,
      type?.includes('csv') ? 'csv' : 'ndjson',
      Number(url.searchParams.get('firstRow')),
    );
    if (!read.ok) throw new Error(read.message);
    const report: ImportReport = {
      dryRun: url.searchParams.get('dryRun') === 'true',
      format,
      rows: read.rows.length,
      imported: read.rows.filter((row) => row.ok).length,
      withEvidence: read.rows.filter((row) => row.ok && row.value.confirmation.at).length,
      skipped: read.rows.flatMap((row) => (row.ok ? [] : [row.skip])),
    };
    return Response.json(report);
  };
  return { calls, fetchImpl };
}

async function cleverreachFile(rows: number) {
  const dir = await mkdtemp(join(tmpdir(), 'signet-import-'));
  const file = join(dir, 'empfaenger.csv');
  const lines = ['\uFEFFemail;activated;registered;deactivated;source'];
  for (let i = 1; i <= rows; i += 1) {
    lines.push(
      i === 1500
        ? 'kein-at-zeichen;12.03.2024 14:05;12.03.2024 14:01;0;Formular'
        : `p${i}@example.org;12.03.2024 14:05;12.03.2024 14:01;0;"Formular; Zeile 1\nZeile 2"`,
    );
  }
  await writeFile(file, `${lines.join('\r\n')}\r\n`);
  return file;
}

async function run(args: string[], api: ReturnType<typeof importingApi>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runSignet(
    args,
    { out: (line) => out.push(line), err: (line) => err.push(line) },
    environment,
    api.fetchImpl,
  );
  return { code, out, err };
}

describe('signet import', () => {
  it('M1: sends a file in calls of the chosen size, each with the header, rows numbered as in the file, and prints the report', async () => {
    const file = await cleverreachFile(2500);
    const api = importingApi();
    const { code, out, err } = await run(
      [
        'import',
        file,
        '--format',
        'cleverreach',
        '--purpose',
        'newsletter',
        '--rows-per-call',
        '1000',
      ],
      api,
    );
    expect(code).toBe(0);
    expect(api.calls.map((call) => call.query.get('firstRow'))).toEqual(['1', '1001', '2001']);
    for (const call of api.calls) {
      expect(call.body.startsWith('email;activated;registered;deactivated;source\r\n')).toBe(true);
      expect(call.query.get('purpose')).toBe('newsletter');
      expect(call.type).toBe('text/csv; charset=utf-8');
    }
    const report = JSON.parse(out[0] ?? '') as ImportReport;
    expect(report).toMatchObject({ rows: 2500, imported: 2499, withEvidence: 2499 });
    expect(report.skipped).toEqual([{ row: 1500, reason: 'invalid-email', column: 'email' }]);
    expect(out[1]).toBe('imported 2499 of 2500 rows (2499 with a confirmation time), skipped 1');
    expect(err.at(-1)).toMatch(/^\[#{30}\] 100% 2500 rows/);
  });

  it('M1: --dry-run asks every call as a dry run', async () => {
    const api = importingApi();
    const { code, out } = await run(
      [
        'import',
        await cleverreachFile(3),
        '--format',
        'cleverreach',
        '--purpose',
        'newsletter',
        '--dry-run',
      ],
      api,
    );
    expect(code).toBe(0);
    expect(api.calls.map((call) => call.query.get('dryRun'))).toEqual(['true']);
    expect(out[1]).toBe(
      'dry run: would import 3 of 3 rows (3 with a confirmation time), skipped 0',
    );
  });

  it('M1: a refused call stops the import, says after which row, and exits 1', async () => {
    const api = importingApi(2);
    const { code, err } = await run(
      ['import', await cleverreachFile(50), '--format', 'cleverreach', '--rows-per-call', '10'],
      api,
    );
    expect(code).toBe(1);
    // Two calls go together: the third was on its way when the second was refused; no fourth.
    expect(api.calls).toHaveLength(3);
    expect(err.at(-1)).toMatch(
      /^signet: invalid_input: .* stopped after row 10: run the same command again/,
    );
  });

  it('M1: a Brevo export without EMAIL_BLACKLISTED, as Brevo exports are read in public code, is sent with a warning that it does not say who unsubscribed; one with the column is not', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'signet-brevo-'));
    const without = join(dir, 'contacts.csv');
    await writeFile(
      without,
      '\uFEFFCONTACT ID;EMAIL;LASTNAME;FIRSTNAME;DOUBLE_OPT-IN;ADDED_TIME;MODIFIED_TIME\r\n17;a@example.org;Roth;Eva;Yes;16-12-2025;28-01-2026\r\n',
    );
    const withStatus = join(dir, 'contacts-with-status.csv');
    await writeFile(
      withStatus,
      'EMAIL;ADDED_TIME;"email_blacklisted"\r\na@example.org;16-12-2025;No\r\n',
    );
    const api = importingApi();
    const warned = await run(['import', without, '--format', 'brevo', '--purpose', 'news'], api);
    expect(warned.code).toBe(0);
    expect(warned.err).toContain(
      'signet: warning: the file has no EMAIL_BLACKLISTED column, so it does not say who unsubscribed or was never confirmed: every row is imported as subscribed; export only the subscribed contacts, or with their status',
    );
    expect(api.calls).toHaveLength(1);
    const quiet = await run(['import', withStatus, '--format', 'brevo', '--purpose', 'news'], api);
    expect(quiet.code).toBe(0);
    expect(quiet.err.join('\n')).not.toContain('warning');
    // CleverReach's own status columns count too, in either language.
    expect(
      (await run(['import', await cleverreachFile(1), '--format', 'cleverreach'], api)).err.join(
        '\n',
      ),
    ).not.toContain('warning');
  });

  it('refuses a missing format or a call size over 5000', async () => {
    const api = importingApi();
    expect((await run(['import', 'x.csv'], api)).code).toBe(2);
    expect(
      (await run(['import', 'x.csv', '--format', 'signet', '--rows-per-call', '5001'], api)).code,
    ).toBe(2);
    expect(api.calls).toHaveLength(0);
  });
});

describe('createSignetAdmin().imports.run', () => {
  it('M1: reads the source lazily: one call in flight, the first goes out before the rest of the file is read', async () => {
    const api = importingApi();
    let piecesRead = 0;
    const callsWhenRead: number[] = [];
    async function* source() {
      yield 'email\n';
      for (let i = 0; i < 50; i += 1) {
        piecesRead += 1;
        callsWhenRead.push(api.calls.length);
        yield `lazy${i}@example.org\n`;
      }
    }
    const admin = createSignetAdmin({
      ...environment,
      endpoint: environment.SIGNET_ENDPOINT,
      site: 'shop',
      apiKey: 'k',
      fetch: api.fetchImpl,
    });
    const outcome = await admin.imports.run(source(), {
      format: 'signet',
      kind: 'csv',
      purpose: 'newsletter',
      rowsPerCall: 10,
      callsInFlight: 1,
    });
    expect(outcome).toMatchObject({ error: null, report: { rows: 50, imported: 50 } });
    expect(piecesRead).toBe(50);
    // The 11th row is read only after the first call of 10 was sent.
    expect(callsWhenRead[10]).toBe(1);
    expect(callsWhenRead[49]).toBe(4);
  });

  it('M1: sends NDJSON as NDJSON', async () => {
    const api = importingApi();
    const admin = createSignetAdmin({
      endpoint: 'https://signet.test',
      site: 'shop',
      apiKey: 'k',
      fetch: api.fetchImpl,
    });
    async function* source() {
      yield '{"email":"n1@example.org","purpose":"newsletter"}\n{"email":"n2@exam';
      yield 'ple.org","purpose":"newsletter"}\n';
    }
    const outcome = await admin.imports.run(source(), { format: 'signet', kind: 'ndjson' });
    expect(outcome.report).toMatchObject({ rows: 2, imported: 2 });
    expect(api.calls[0]?.type).toBe('application/x-ndjson');
  });

  it('M1: calls in flight together are reported in file order, never more than callsInFlight at once', async () => {
    const api = importingApi();
    let open = 0;
    let mostOpen = 0;
    const waiting: (() => void)[] = [];
    // Calls are held until three wait (or the last one comes), then answered last first: the
    // report and the progress still go in file order.
    const fetchImpl: typeof fetch = async (input, init) => {
      open += 1;
      mostOpen = Math.max(mostOpen, open);
      const last = new URL(String(input)).searchParams.get('firstRow') === '31';
      await new Promise<void>((done) => {
        waiting.push(done);
        if (waiting.length === 3 || last) {
          const held = waiting.splice(0).reverse();
          setTimeout(() => {
            for (const release of held) release();
          }, 0);
        }
      });
      const answer = await api.fetchImpl(input, init);
      open -= 1;
      return answer;
    };
    const admin = createSignetAdmin({
      endpoint: 'https://signet.test',
      site: 'shop',
      apiKey: 'k',
      fetch: fetchImpl,
    });
    async function* source() {
      yield 'email\n';
      for (let i = 1; i <= 35; i += 1) yield i === 12 ? 'kein-at\n' : `order${i}@example.org\n`;
    }
    const progress: number[] = [];
    const outcome = await admin.imports.run(source(), {
      format: 'signet',
      kind: 'csv',
      purpose: 'newsletter',
      rowsPerCall: 10,
      callsInFlight: 3,
      onProgress: (call, rows) => progress.push(call.rows, rows),
    });
    expect(outcome).toMatchObject({ error: null, report: { rows: 35, imported: 34 } });
    expect(outcome.report.skipped).toEqual([{ row: 12, reason: 'invalid-email', column: 'email' }]);
    expect(progress).toEqual([10, 10, 10, 20, 10, 30, 5, 35]);
    expect(mostOpen).toBe(3);
    expect(api.calls.slice(0, 3).map((call) => call.query.get('firstRow'))).toEqual([
      '21',
      '11',
      '1',
    ]);
  });

  it('M1: each call carries an Idempotency-Key derived from its rows: the same file sends the same keys again, other rows another key', async () => {
    const keys: (string | null)[][] = [];
    const keyed = (into: (string | null)[]) => {
      const api = importingApi();
      const fetchImpl: typeof fetch = (input, init) => {
        into.push(new Headers(init?.headers).get('idempotency-key'));
        return api.fetchImpl(input, init);
      };
      return createSignetAdmin({
        endpoint: 'https://signet.test',
        site: 'shop',
        apiKey: 'k',
        fetch: fetchImpl,
      });
    };
    const file = (last: string) =>
      (async function* () {
        yield `email\na@example.org\nb@example.org\n${last}\n`;
      })();
    const params = {
      format: 'signet',
      kind: 'csv',
      purpose: 'newsletter',
      rowsPerCall: 2,
    } as const;
    for (const last of ['c@example.org', 'c@example.org', 'd@example.org']) {
      const sent: (string | null)[] = [];
      await keyed(sent).imports.run(file(last), params);
      keys.push(sent);
    }
    const [first, again, other] = keys;
    expect(first).toHaveLength(2);
    expect(first?.[0]).toMatch(/^signet-import-1-[A-Za-z0-9_-]{43}$/);
    expect(first?.[1]).toMatch(/^signet-import-3-/);
    expect(again).toEqual(first);
    expect(other?.[0]).toBe(first?.[0]);
    expect(other?.[1]).not.toBe(first?.[1]);
    const dry: (string | null)[] = [];
    await keyed(dry).imports.run(file('c@example.org'), { ...params, dryRun: true });
    expect(dry[0]).not.toBe(first?.[0]);
  });
});

// `npx signet` admin commands: what each sends to the admin API and what it prints.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSignet } from './main.js';

const environment = {
  SIGNET_ENDPOINT: 'https://signet.test',
  SIGNET_SITE: 'shop',
  SIGNET_API_KEY: 'sk_live_cli_test_key',
};

function fakeApi(
  answers: Record<string, { status?: number; body: unknown; headers?: Record<string, string> }>,
) {
  const sent: { method: string; path: string; body: unknown; auth: string | null }[] = [];
  const fetchImpl: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    const method = init?.method ?? 'GET';
    const path = `${url.pathname}${url.search}`;
    sent.push({
      method,
      path,
      body: init?.body ? JSON.parse(String(init.body)) : null,
      auth: new Headers(init?.headers).get('authorization'),
    });
    const answer = answers[`${method} ${url.pathname}`];
    if (!answer)
      return Response.json(
        { error: { code: 'not_found', message: 'no', field: null } },
        { status: 404 },
      );
    if (answer.body instanceof Uint8Array) {
      return new Response(answer.body as Uint8Array<ArrayBuffer>, {
        status: answer.status ?? 200,
        headers: answer.headers ?? {},
      });
    }
    return typeof answer.body === 'string'
      ? new Response(answer.body, { status: answer.status ?? 200 })
      : Response.json(answer.body, { status: answer.status ?? 200 });
  };
  return { sent, fetchImpl };
}

async function run(args: string[], api: ReturnType<typeof fakeApi>, env = environment) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runSignet(
    args,
    { out: (l) => out.push(l), err: (l) => err.push(l) },
    env,
    api.fetchImpl,
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('signet admin commands', () => {
  it('creates a key with the site key from the environment and prints it once', async () => {
    const api = fakeApi({
      'POST /v1/admin/keys': {
        status: 201,
        body: {
          id: 'key_1',
          label: 'CI',
          createdAt: '2026-11-24T10:00:00.000Z',
          revokedAt: null,
          key: 'sk_live_new',
        },
      },
    });
    const result = await run(['keys', 'create', 'CI'], api);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toMatchObject({ id: 'key_1', key: 'sk_live_new' });
    expect(api.sent).toEqual([
      {
        method: 'POST',
        path: '/v1/admin/keys',
        body: { label: 'CI' },
        auth: 'Bearer sk_live_cli_test_key',
      },
    ]);
  });

  it('publishes a wording from a file, checked against the contract before it is sent', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'signet-cli-'));
    const wording = {
      locale: 'de',
      label: 'Ja, ich möchte den Newsletter per E-Mail erhalten.',
      processed: 'Ihre E-Mail-Adresse',
      purpose: 'Newsletter mit Angeboten',
      retention: 'Bis zum Widerruf',
      withdrawal: 'Über den Abmeldelink in jeder E-Mail',
    };
    await writeFile(join(dir, 'wording.json'), JSON.stringify(wording));
    await writeFile(join(dir, 'broken.json'), JSON.stringify({ ...wording, label: '' }));
    const api = fakeApi({
      'POST /v1/admin/purposes/newsletter/wordings': {
        status: 201,
        body: {
          purpose: 'newsletter',
          locale: 'de',
          version: 'a'.repeat(64),
          publishedAt: '2026-11-24T10:00:00.000Z',
        },
      },
    });
    const ok = await run(['wording', 'publish', 'newsletter', join(dir, 'wording.json')], api);
    expect(ok.code).toBe(0);
    expect(api.sent[0]?.body).toEqual(wording);
    const refused = await run(['wording', 'publish', 'newsletter', join(dir, 'broken.json')], api);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('wording: label');
    expect(api.sent).toHaveLength(1);
  });

  it('M1: reconfirm --imported starts a re-confirmation of the purpose, only with --imported', async () => {
    const progress = {
      purpose: 'newsletter',
      queued: 3,
      sent: 2,
      confirmed: 0,
      noAnswer: 2,
      bounced: null,
    };
    const api = fakeApi({
      'POST /v1/admin/reconfirmations': { body: { queuedNow: 3, sentNow: 2, progress } },
      'GET /v1/admin/reconfirmations': { body: { dailyCap: 2, purposes: [progress] } },
    });
    expect((await run(['reconfirm', '--purpose', 'newsletter'], api)).code).toBe(2);
    expect(api.sent).toHaveLength(0);
    const started = await run(
      ['reconfirm', '--purpose', 'newsletter', '--imported', '--without-evidence'],
      api,
    );
    expect(started.code).toBe(0);
    expect(JSON.parse(started.out)).toMatchObject({ queuedNow: 3, sentNow: 2 });
    expect(api.sent[0]).toMatchObject({
      method: 'POST',
      path: '/v1/admin/reconfirmations',
      body: { purpose: 'newsletter', withoutEvidenceOnly: true },
    });
    const status = await run(['reconfirm', 'status'], api);
    expect(JSON.parse(status.out)).toEqual({ dailyCap: 2, purposes: [progress] });
  });

  it('M1: reconfirm --dry-run answers how many a start would mail and the cap, and starts nothing', async () => {
    const preview = {
      purpose: 'newsletter',
      withoutEvidenceOnly: true,
      recipients: 3,
      dailyCap: 500,
      leftToday: 498,
    };
    const api = fakeApi({ 'GET /v1/admin/reconfirmations/preview': { body: preview } });
    const previewed = await run(
      ['reconfirm', '--purpose', 'newsletter', '--imported', '--without-evidence', '--dry-run'],
      api,
    );
    expect(previewed.code).toBe(0);
    expect(JSON.parse(previewed.out)).toEqual(preview);
    expect(api.sent).toEqual([
      expect.objectContaining({
        method: 'GET',
        path: '/v1/admin/reconfirmations/preview?purpose=newsletter&withoutEvidenceOnly=true',
      }),
    ]);
  });

  it('erases a person only with --yes, by email or phone', async () => {
    const api = fakeApi({
      'POST /v1/admin/subjects/erasure': { body: { erased: true, at: '2026-11-24T10:00:00.000Z' } },
    });
    const unconfirmed = await run(['person', 'erase', 'someone@example.org'], api);
    expect(unconfirmed.code).toBe(2);
    expect(api.sent).toHaveLength(0);
    expect((await run(['person', 'erase', 'someone@example.org', '--yes'], api)).code).toBe(0);
    expect((await run(['person', 'erase', '+4915112345678', '--yes'], api)).code).toBe(0);
    expect(api.sent.map((s) => s.body)).toEqual([
      { email: 'someone@example.org' },
      { phone: '+4915112345678' },
    ]);
  });

  it('writes the report as CSV and the Art. 30 entry as Markdown to a file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'signet-cli-'));
    const api = fakeApi({
      'GET /v1/admin/reports': { body: 'purpose,period\nnewsletter,total\n' },
      'GET /v1/admin/processing-record': { body: '# Verzeichnis\n' },
    });
    const report = await run(
      ['report', '--from', '2026-01-01', '--to', '2026-03-31', '--format', 'csv'],
      api,
    );
    expect(report.out).toBe('purpose,period\nnewsletter,total');
    expect(api.sent[0]?.path).toBe('/v1/admin/reports?from=2026-01-01&to=2026-03-31&format=csv');
    const out = join(dir, 'art30.md');
    const art30 = await run(['art30', '--locale', 'de', '--out', out], api);
    expect(art30.code).toBe(0);
    expect(await readFile(out, 'utf8')).toBe('# Verzeichnis\n');
    expect(api.sent[1]?.path).toBe('/v1/admin/processing-record?locale=de&format=md');
  });

  it('P5: writes the exhibit PDF byte for byte, to --out or to the file name Signet gives it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'signet-cli-'));
    // Not UTF-8: a PDF's binary comment line.
    const pdf = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x0a, 0x25, 0xe2, 0xe3, 0xcf, 0xd3]);
    const name = 'nachweis-shop-p1a2b3-newsletter-2026-12-07.pdf';
    const api = fakeApi({
      'POST /v1/consents/evidence': {
        body: pdf,
        headers: {
          'content-type': 'application/pdf',
          'content-disposition': `inline; filename="${name}"`,
        },
      },
    });
    const out = join(dir, 'proof.pdf');
    const args = ['evidence', '--email', 'anna@example.org', '--purpose', 'newsletter'];
    const written = await run([...args, '--format', 'pdf', '--locale', 'fr', '--out', out], api);
    expect(written).toMatchObject({ code: 0, out: `written to ${out}` });
    expect(new Uint8Array(await readFile(out))).toEqual(pdf);
    expect(api.sent[0]?.body).toEqual({
      email: 'anna@example.org',
      purpose: 'newsletter',
      locale: 'fr',
      format: 'pdf',
    });
    const here = process.cwd();
    process.chdir(dir);
    try {
      expect(
        (await run(['evidence', '--email', 'anna@example.org', '--format', 'pdf'], api)).code,
      ).toBe(0);
    } finally {
      process.chdir(here);
    }
    expect(new Uint8Array(await readFile(join(dir, name)))).toEqual(pdf);
    expect(api.sent[1]?.body).toEqual({ email: 'anna@example.org', format: 'pdf' });
    expect(
      (await run(['evidence', '--email', 'a@example.org', '--format', 'docx'], api)).code,
    ).toBe(2);
    expect((await run(['evidence', '--format', 'pdf'], api)).code).toBe(2);
  });

  it('keys create --test asks for a test key, and without it for a live one', async () => {
    const created = {
      id: 'key_1',
      label: 'CI',
      mode: 'test',
      createdAt: '2026-12-07T00:00:00.000Z',
      revokedAt: null,
      key: 'sk_test_x',
    };
    const api = fakeApi({ 'POST /v1/admin/keys': { status: 201, body: created } });
    expect((await run(['keys', 'create', 'CI', '--test'], api)).code).toBe(0);
    expect((await run(['keys', 'create', 'Shop'], api)).code).toBe(0);
    expect(api.sent.map((sent) => sent.body)).toEqual([
      { label: 'CI', mode: 'test' },
      { label: 'Shop' },
    ]);
  });

  it("prints Signet's refusal and exits 1; usage errors exit 2", async () => {
    const api = fakeApi({
      'DELETE /v1/admin/keys/key_1': {
        status: 409,
        body: { error: { code: 'conflict', message: 'last active key', field: 'id' } },
      },
    });
    const refused = await run(['keys', 'revoke', 'key_1'], api);
    expect(refused).toMatchObject({ code: 1, err: 'signet: conflict: last active key (id)' });
    expect(
      (
        await run(['keys', 'create', 'x'], api, {
          ...environment,
          SIGNET_API_KEY: undefined,
        } as never)
      ).code,
    ).toBe(2);
    expect((await run(['nonsense'], api)).code).toBe(2);
    expect((await run([], api)).err).toContain('Usage: signet COMMAND');
  });

  it('events --all prints every page of the admin log as one list; a failed page exits 1 with its request id', async () => {
    const event = (id: string) => ({
      id,
      keyId: 'key_1',
      sessionId: null,
      action: 'site.update',
      target: null,
      status: 200,
      at: `2026-12-0${id}T10:00:00.000Z`,
    });
    const pages: Record<string, unknown> = {
      '': { events: [event('3')], next: '2026-12-03T10:00:00.000Z' },
      '2026-12-03T10:00:00.000Z': { events: [event('2')], next: '2026-12-02T10:00:00.000Z' },
      '2026-12-02T10:00:00.000Z': { events: [event('1')], next: null },
    };
    const asked: (string | null)[] = [];
    const paged = (failing: boolean): ReturnType<typeof fakeApi> => ({
      sent: [],
      fetchImpl: async (input) => {
        const before = new URL(String(input)).searchParams.get('before');
        asked.push(before);
        if (failing && before === '2026-12-02T10:00:00.000Z')
          return Response.json(
            { error: { code: 'internal', message: 'down', field: null, requestId: 'req_42' } },
            { status: 500 },
          );
        return Response.json(pages[before ?? '']);
      },
    });
    const all = await run(['events', '--all', '--limit', '1'], paged(false));
    expect(all.code).toBe(0);
    expect(JSON.parse(all.out)).toEqual({
      events: [event('3'), event('2'), event('1')],
      next: null,
    });
    expect(asked).toHaveLength(3);
    const one = await run(['events', '--limit', '1'], paged(false));
    expect(JSON.parse(one.out)).toEqual(pages['']);
    const failed = await run(['events', '--all'], paged(true));
    expect(failed).toMatchObject({ code: 1, err: 'signet: internal: down [request req_42]' });
  });

  it('prints help and the version to stdout and exits 0, with no endpoint, key or site', async () => {
    const api = fakeApi({});
    for (const args of [['--help'], ['-h'], ['help']]) {
      const help = await run(args, api, {} as never);
      expect(help, args.join(' ')).toMatchObject({ code: 0, err: '' });
      expect(help.out).toContain('Usage: signet COMMAND');
      expect(help.out).toContain('keys list');
    }
    for (const args of [
      ['keys', '--help'],
      ['help', 'keys'],
      ['keys', 'create', '-h'],
    ]) {
      const help = await run(args, api, {} as never);
      expect(help.code, args.join(' ')).toBe(0);
      expect(help.out).toContain('keys list | keys create LABEL [--test] | keys revoke ID');
      expect(help.out).not.toContain('purposes list');
    }
    const report = await run(['report', '--help'], api, {} as never);
    expect(report.out).toContain('--from DATE --to DATE');
    expect(report.out).toContain('SIGNET_ENDPOINT');
    const unknown = await run(['help', 'nonsense'], api, {} as never);
    expect(unknown.code).toBe(2);
    const version = await run(['--version'], api, {} as never);
    expect(version).toMatchObject({ code: 0, out: '0.1.0' });
    expect(api.sent).toEqual([]);
  });
});

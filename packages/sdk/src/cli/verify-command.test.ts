import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SignedRecord } from '../contract/records.js';
import { recordHash } from '../records/signing-input.js';
import { jwks, keyA, makeLog, nodeSign } from '../records/test-log.js';
import { runCli } from './verify-command.js';

let dir: string;
const write = async (name: string, value: unknown) => {
  const path = join(dir, name);
  await writeFile(path, JSON.stringify(value));
  return path;
};

async function run(args: string[]) {
  const lines: string[] = [];
  const code = await runCli(args, { out: (l) => lines.push(l), err: (l) => lines.push(l) });
  return { code, output: lines.join('\n') };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'signet-cli-'));
});

describe('signet verify', () => {
  it('says VALID and exits 0 for good records and a whole log with its checkpoint', async () => {
    const log = await makeLog(4);
    const keys = await write('jwks.json', jwks);
    const single = await run(['verify', await write('one.json', log.records[0]), '--jwks', keys]);
    expect(single).toMatchObject({ code: 0 });
    expect(single.output).toContain('VALID: 1 record(s) verified');
    const whole = await run(['verify', await write('log.json', log), '--jwks', keys]);
    expect(whole.code).toBe(0);
    expect(whole.output).toContain(
      'valid   log of demo: 4 records, linked, ending at the checkpoint head',
    );
  });

  it('says INVALID, names the record and exits 1 when one was changed or removed', async () => {
    const log = await makeLog(3);
    const keys = await write('jwks.json', jwks);
    const changed = structuredClone(log);
    if (changed.records[1]) changed.records[1].record.purpose = 'sms-offers';
    const bad = await run(['verify', await write('changed.json', changed), '--jwks', keys]);
    expect(bad.code).toBe(1);
    expect(bad.output).toContain('INVALID #2 confirmed sms-offers');
    const gap = { records: [log.records[0], log.records[2]], checkpoint: log.checkpoint };
    const missing = await run(['verify', await write('gap.json', gap), '--jwks', keys]);
    expect(missing.code).toBe(1);
    expect(missing.output).toContain('INVALID log of demo');
  });

  it('P3: says INVALID and exits 1 for a log with no records: an empty array, no records, an empty file', async () => {
    const keys = await write('jwks.json', jwks);
    const empty = join(dir, 'empty.json');
    await writeFile(empty, '');
    for (const file of [
      await write('none.json', []),
      await write('no-records.json', { records: [] }),
      empty,
    ]) {
      const result = await run(['verify', file, '--jwks', keys]);
      expect(result.code, file).toBe(1);
      expect(result.output).toContain('INVALID: the file holds no records');
      expect(result.output).not.toMatch(/^VALID/m);
    }
  });

  it('P3: says INVALID and exits 1 for records with a gap or a broken link, without a checkpoint', async () => {
    const log = await makeLog(4);
    const keys = await write('jwks.json', jwks);
    const holed = [log.records[0], log.records[1], log.records[3]];
    const gap = await run(['verify', await write('holed.json', holed), '--jwks', keys]);
    expect(gap.code).toBe(1);
    expect(gap.output).toContain('INVALID log: record #4 follows #2: records #3 to #3 are missing');
    const swapped = [log.records[0], log.records[2], log.records[1]];
    const back = await run([
      'verify',
      await write('swapped.json', { records: swapped }),
      '--jwks',
      keys,
    ]);
    expect(back.code).toBe(1);
    // Signed and numbered right, but linked to another record than the one before it.
    const relinked = structuredClone(log.records[1]) as SignedRecord;
    relinked.record.prev = 'f'.repeat(64);
    relinked.hash = await recordHash(relinked.record);
    relinked.sig = nodeSign(keyA, 'signet-record', relinked.record);
    const mixed = [log.records[0], relinked];
    const unlinked = await run(['verify', await write('mixed.json', mixed), '--jwks', keys]);
    expect(unlinked.code).toBe(1);
    expect(unlinked.output).toContain('record #2 does not link to #1');
  });

  it('P3: without a checkpoint, accepts a stretch that starts anywhere and says what it did not check', async () => {
    const log = await makeLog(5);
    const keys = await write('jwks.json', jwks);
    const stretch = await run([
      'verify',
      await write('stretch.json', log.records.slice(1, 4)),
      '--jwks',
      keys,
    ]);
    expect(stretch.code).toBe(0);
    expect(stretch.output).toContain('valid   records #2 to #4 of demo: numbered without a gap');
    expect(stretch.output).toContain(
      'not checked: that nothing was removed after record #4 or before record #2; pass --checkpoint',
    );
    const fromStart = await run([
      'verify',
      await write('start.json', log.records.slice(0, 3)),
      '--jwks',
      keys,
    ]);
    expect(fromStart.output).toContain(
      'not checked: that nothing was removed after record #3; pass --checkpoint',
    );
    const one = await run(['verify', await write('single.json', log.records[2]), '--jwks', keys]);
    expect(one.code).toBe(0);
    expect(one.output).toContain('not checked: its place in the log');
  });

  it("checks a person's export record by record, and says their place in the log was not checked", async () => {
    const log = await makeLog(5);
    const keys = await write('jwks.json', jwks);
    const exported = { format: 'signet-export/1', records: [log.records[0], log.records[3]] };
    const result = await run(['verify', await write('export.json', exported), '--jwks', keys]);
    expect(result.code).toBe(0);
    expect(result.output).toContain("not checked: that these are all of the person's records");
    const none = await run([
      'verify',
      await write('export-empty.json', { ...exported, records: [] }),
      '--jwks',
      keys,
    ]);
    expect(none.code).toBe(1);
  });

  it('checks the records against a checkpoint given as its own file', async () => {
    const log = await makeLog(3);
    const keys = await write('jwks.json', jwks);
    const records = await write('records.json', log.records);
    const checkpoint = await write('checkpoint.json', log.checkpoint);
    const whole = await run(['verify', records, '--jwks', keys, '--checkpoint', checkpoint]);
    expect(whole.code).toBe(0);
    expect(whole.output).toContain('valid   log of demo: 3 records');
    const partial = await write('partial.json', log.records.slice(0, 2));
    const short = await run(['verify', partial, '--jwks', keys, '--checkpoint', checkpoint]);
    expect(short.code).toBe(1);
  });

  it('fetches the JWKS from a URL', async () => {
    const server = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(jwks));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
    try {
      const log = await makeLog(1);
      const result = await run(['verify', await write('url.json', log.records), '--jwks', url]);
      expect(result.code).toBe(0);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('exits 2 with the usage on wrong arguments or unreadable input', async () => {
    expect((await run([])).code).toBe(2);
    expect((await run(['verify', 'x.json'])).output).toContain('Usage: signet verify');
    const unreadable = await run([
      'verify',
      join(dir, 'nope.json'),
      '--jwks',
      join(dir, 'nope.json'),
    ]);
    expect(unreadable.code).toBe(2);
  });

  it('runs as `signet` from the built package', async () => {
    const bin = fileURLToPath(new URL('../../bin/signet.mjs', import.meta.url));
    const built = fileURLToPath(new URL('../../dist/cli/verify-command.js', import.meta.url));
    expect(
      existsSync(built),
      'run `npm run build` first: the bin runs the built dist/cli/verify-command.js',
    ).toBe(true);
    const log = await makeLog(2);
    const args = [
      bin,
      'verify',
      await write('bin.json', log),
      '--jwks',
      await write('jwks.json', jwks),
    ];
    const result = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      execFile(process.execPath, args, (error, stdout) =>
        resolve({ code: error ? (error.code as number) : 0, stdout }),
      );
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('VALID: 2 record(s) verified');
  });
});

import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { keyA } from '../records/test-log.js';
import { runCli } from './verify-command.js';

// Saved from the done page of the real worker (e2e/receipt.spec.ts with SIGNET_SAVE_RECEIPT).
const fixture = fileURLToPath(new URL('../records/fixtures/receipt.json', import.meta.url));
let dir: string;
let text: string;

async function run(args: string[]) {
  const lines: string[] = [];
  const code = await runCli(args, { out: (l) => lines.push(l), err: (l) => lines.push(l) });
  return { code, output: lines.join('\n') };
}

const write = async (name: string, content: string) => {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'signet-receipt-'));
  text = await readFile(fixture, 'utf8');
});

describe('P6: signet verify receipt.json', () => {
  it('P6: exits 0 offline with the key inside, and says so', async () => {
    const result = await run(['verify', fixture]);
    expect(result.code).toBe(0);
    expect(result.output).toContain('VALID: receipt verified');
    expect(result.output).toContain('checked with the key inside the receipt');
  });

  it('P6: exits 1 after one changed character, in a record or in the readable part', async () => {
    const { proof } = JSON.parse(text);
    const hash = proof.records[0].hash as string;
    const changedHash = `${hash.slice(0, -1)}${hash.endsWith('0') ? '1' : '0'}`;
    const inRecord = await write('record.json', text.replace(hash, changedHash));
    const record = await run(['verify', inRecord]);
    expect(record.code).toBe(1);
    expect(record.output).toMatch(/^INVALID receipt of demo for purpose newsletter/);
    const inAddress = await write('address.json', text.replace('@example.org', '@examplf.org'));
    expect((await run(['verify', inAddress])).code).toBe(1);
  });

  it('P6: with --jwks, exits 0 when the key inside is the published one and 1 when it is not', async () => {
    const { proof } = JSON.parse(text);
    const same = await write('jwks.json', JSON.stringify({ keys: proof.keys }));
    const published = await run(['verify', fixture, '--jwks', same]);
    expect(published.code).toBe(0);
    expect(published.output).toContain('the keys inside are the published ones');
    const kid = proof.keys[0].kid;
    const other = await write('other.json', JSON.stringify({ keys: [{ ...keyA.jwk, kid }] }));
    const mismatch = await run(['verify', fixture, '--jwks', other]);
    expect(mismatch.code).toBe(1);
    expect(mismatch.output).toContain('is not the published one');
  });

  it('P6: a file of another shape goes on to the records check as before', async () => {
    const records = await write('records.json', JSON.stringify({ records: [] }));
    expect((await run(['verify', records])).code).toBe(2);
  });
});

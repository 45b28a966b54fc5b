/// <reference types="node" />
import { readFile } from 'node:fs/promises';
import * as v from 'valibot';
import {
  type Jwks,
  JwksSchema,
  SignedCheckpointSchema,
  type SignedRecord,
} from '../contract/records.js';
import { type Verdict, verifyLog, verifyRecord } from '../records/verify.js';
import { runReceiptCli } from './verify-receipt.js';

export interface Output {
  out(line: string): void;
  err(line: string): void;
}

const usage = `Usage: signet verify FILE --jwks URL|FILE [--checkpoint FILE]

FILE holds one signed record, an array of them, { "records": [...] } as served by
GET /v1/records (optionally with a "checkpoint"), or an evidence export.
With a checkpoint, the records must be the site's whole log up to it.
Exit code: 0 valid, 1 invalid, 2 usage or input error.`;

async function load(source: string): Promise<unknown> {
  const text = /^https?:\/\//.test(source)
    ? await (await fetch(source)).text()
    : await readFile(source, 'utf8');
  return JSON.parse(text);
}

function parseArgs(args: string[]) {
  const [command, file, ...rest] = args;
  const options: Record<string, string> = {};
  for (let i = 0; i < rest.length; i += 2) {
    const name = rest[i];
    const value = rest[i + 1];
    if (!name?.startsWith('--') || value === undefined) return null;
    options[name.slice(2)] = value;
  }
  if (command !== 'verify' || !file || !options.jwks) return null;
  return { file, jwks: options.jwks, checkpoint: options.checkpoint };
}

/** The records and checkpoint in any of the shapes Signet exports. */
function unpack(input: unknown): { records: unknown[]; checkpoint: unknown } {
  if (Array.isArray(input)) return { records: input, checkpoint: undefined };
  if (input && typeof input === 'object') {
    const object = input as { records?: unknown; checkpoint?: unknown };
    if (Array.isArray(object.records)) {
      return { records: object.records, checkpoint: object.checkpoint };
    }
  }
  return { records: [input], checkpoint: undefined };
}

function describe(signed: unknown): string {
  const record = (signed as Partial<SignedRecord>)?.record;
  return record
    ? `#${record.seq} ${record.event} ${record.purpose} (${record.id})`
    : '(unreadable)';
}

/** `signet verify`: a verdict a person can read, and an exit code a script can use. */
export async function runCli(args: string[], io: Output): Promise<number> {
  const receipt = await runReceiptCli(args, io);
  if (receipt !== null) return receipt;
  const parsed = parseArgs(args);
  if (!parsed) {
    io.err(usage);
    return 2;
  }
  let input: unknown;
  let jwks: Jwks;
  let checkpoint: unknown;
  try {
    input = await load(parsed.file);
    jwks = v.parse(JwksSchema, await load(parsed.jwks));
    checkpoint = parsed.checkpoint ? await load(parsed.checkpoint) : unpack(input).checkpoint;
  } catch (error) {
    io.err(`signet: cannot read input: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  const { records } = unpack(input);
  let valid = true;
  for (const signed of records) {
    const verdict = await verifyRecord(signed, jwks);
    io.out(
      `${verdict.ok ? 'valid  ' : 'INVALID'} ${describe(signed)}${verdict.ok ? '' : `: ${verdict.reason}`}`,
    );
    valid &&= verdict.ok;
  }
  let log: Verdict | null = null;
  if (checkpoint !== undefined && v.is(SignedCheckpointSchema, checkpoint)) {
    log = await verifyLog(records, checkpoint, jwks);
    const { site, seq } = checkpoint.checkpoint;
    io.out(
      log.ok
        ? `valid   log of ${site}: ${seq} records, linked, ending at the checkpoint head`
        : `INVALID log of ${site}: ${log.reason}`,
    );
  } else if (checkpoint !== undefined) {
    io.out('INVALID checkpoint: not a signed checkpoint');
    valid = false;
  }
  valid &&= log === null || log.ok;
  io.out(valid ? `VALID: ${records.length} record(s) verified` : 'INVALID: see above');
  return valid ? 0 : 1;
}

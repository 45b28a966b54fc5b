import * as v from 'valibot';
import {
  genesisHash,
  type Jwks,
  SignedCheckpointSchema,
  type SignedRecord,
} from '../contract/records.js';
import { type Verdict, verifyLog, verifyRecord } from '../records/verify.js';

/** What a check found: the lines to print and whether everything in them held. */
export interface Finding {
  valid: boolean;
  lines: string[];
}

function describe(signed: unknown): string {
  const record = (signed as Partial<SignedRecord>)?.record;
  return record
    ? `#${record.seq} ${record.event} ${record.purpose} (${record.id})`
    : '(unreadable)';
}

/** Each record alone: shape, hash and signature. */
export async function checkEachRecord(records: readonly unknown[], jwks: Jwks): Promise<Finding> {
  const lines: string[] = [];
  let valid = true;
  for (const signed of records) {
    const verdict = await verifyRecord(signed, jwks);
    lines.push(
      `${verdict.ok ? 'valid  ' : 'INVALID'} ${describe(signed)}${verdict.ok ? '' : `: ${verdict.reason}`}`,
    );
    valid &&= verdict.ok;
  }
  return { valid, lines };
}

/**
 * Records given as a stretch of a site's log, checked without a checkpoint: one site, numbers
 * that follow each other without a gap (the stretch may start anywhere), each record linked to
 * the hash of the one before, and a record numbered 1 linked to the start of the log. Only the
 * chain is checked here; the records' own signatures are {@link checkEachRecord}'s.
 */
export function checkStretch(records: readonly SignedRecord[]): Verdict {
  const [first] = records;
  if (!first) return { ok: false, reason: 'no records were given' };
  if (first.record.seq === 1 && first.record.prev !== genesisHash) {
    return { ok: false, reason: 'record #1 does not link to the start of the log', index: 0 };
  }
  for (let index = 1; index < records.length; index += 1) {
    const before = records[index - 1] as SignedRecord;
    const { record } = records[index] as SignedRecord;
    if (record.site !== first.record.site) {
      return { ok: false, reason: `record #${record.seq} is of another site`, index };
    }
    if (record.seq !== before.record.seq + 1) {
      const missing =
        record.seq > before.record.seq + 1
          ? `records #${before.record.seq + 1} to #${record.seq - 1} are missing`
          : 'the numbers go back';
      return {
        ok: false,
        reason: `record #${record.seq} follows #${before.record.seq}: ${missing}`,
        index,
      };
    }
    if (record.prev !== before.hash) {
      return {
        ok: false,
        reason: `record #${record.seq} does not link to #${before.record.seq}`,
        index,
      };
    }
  }
  return { ok: true };
}

/**
 * Records as a site's log: each record, then the chain. With a checkpoint, the records must be
 * the whole log up to it; without one, a stretch of the log, and the lines say what that leaves
 * unchecked.
 */
export async function checkLog(
  records: readonly unknown[],
  checkpoint: unknown,
  jwks: Jwks,
): Promise<Finding> {
  if (records.length === 0) return { valid: false, lines: ['INVALID: the file holds no records'] };
  const each = await checkEachRecord(records, jwks);
  const lines = [...each.lines];
  if (checkpoint !== undefined) {
    if (!v.is(SignedCheckpointSchema, checkpoint)) {
      lines.push('INVALID checkpoint: not a signed checkpoint');
      return { valid: false, lines };
    }
    const log = await verifyLog(records, checkpoint, jwks);
    const { site, seq } = checkpoint.checkpoint;
    lines.push(
      log.ok
        ? `valid   log of ${site}: ${seq} records, linked, ending at the checkpoint head`
        : `INVALID log of ${site}: ${log.reason}`,
    );
    return { valid: each.valid && log.ok, lines };
  }
  // A record that is not one cannot be placed in a chain; its own line already says why.
  if (!each.valid) return { valid: false, lines };
  const signed = records as SignedRecord[];
  const stretch = checkStretch(signed);
  const first = signed[0]?.record;
  const last = signed[signed.length - 1]?.record;
  if (!stretch.ok || !first || !last) {
    lines.push(`INVALID log: ${stretch.ok ? 'no records were given' : stretch.reason}`);
    return { valid: false, lines };
  }
  lines.push(
    `valid   records #${first.seq} to #${last.seq} of ${first.site}: numbered without a gap, each linked to the one before`,
    `not checked: that nothing was removed after record #${last.seq}${first.seq > 1 ? ` or before record #${first.seq}` : ''}; pass --checkpoint`,
  );
  return { valid: true, lines };
}

/**
 * One person's records (an export, an evidence file): they are not consecutive in the log, so
 * each is checked alone and the lines say so.
 */
export async function checkPersonRecords(
  records: readonly unknown[],
  jwks: Jwks,
  source: string,
): Promise<Finding> {
  if (records.length === 0) {
    return { valid: false, lines: [`INVALID: the ${source} holds no records`] };
  }
  const each = await checkEachRecord(records, jwks);
  if (!each.valid) return each;
  return {
    valid: true,
    lines: [
      ...each.lines,
      `not checked: that these are all of the person's records, nor their place in the site's log (an ${source} holds one person's records, which are not consecutive)`,
    ],
  };
}

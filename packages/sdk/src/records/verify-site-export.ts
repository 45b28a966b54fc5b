import * as v from 'valibot';
import { genesisHash, type Jwks, type SignedCheckpoint } from '../contract/records.js';
import {
  type SiteExportCounts,
  SiteExportLineSchema,
  type SiteExportManifest,
  siteExportFormat,
  siteExportVersion,
} from '../contract/site-export.js';
import { sha256Hex } from './signing-input.js';
import { verifyCheckpoint, verifyRecord } from './verify.js';

/** What checking a site export found: the lines to print, and whether everything held. */
export interface SiteExportFinding {
  valid: boolean;
  lines: string[];
  records: number;
}

/** A few failures name the lines; a file broken everywhere does not print a million lines. */
const maxProblems = 20;

/**
 * The lines of an NDJSON byte stream, decoded as UTF-8 and split at `\n`, one chunk in memory at
 * a time: a file of any size is read as it comes.
 */
export async function* ndjsonLines(
  chunks: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>,
): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let rest = '';
  for await (const chunk of chunksOf(chunks)) {
    rest += decoder.decode(chunk, { stream: true });
    const parts = rest.split('\n');
    rest = parts.pop() ?? '';
    for (const part of parts) if (part.trim() !== '') yield part;
  }
  rest += decoder.decode();
  if (rest.trim() !== '') yield rest;
}

/** A stream read by its reader: not every browser iterates a ReadableStream with `for await`. */
async function* chunksOf(chunks: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>) {
  if (!('getReader' in chunks)) return yield* chunks;
  const reader = chunks.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

type Keys = { published: Jwks | undefined };

/** The file's own keys; with published keys given, each of the file's must be one of them. */
function keysToUse(fileKeys: Jwks, given: Keys, problems: string[]): Jwks {
  if (!given.published) return fileKeys;
  for (const key of fileKeys.keys) {
    const published = given.published.keys.find((candidate) => candidate.kid === key.kid);
    if (!published || published.x !== key.x) {
      problems.push(`key "${key.kid}" in the file is not among the published keys`);
    }
  }
  return given.published;
}

class SiteExportCheck {
  readonly problems: string[] = [];
  readonly notes: string[] = [];
  manifest: SiteExportManifest | null = null;
  jwks: Jwks | null = null;
  checkpoint: SignedCheckpoint | null = null;
  counts: SiteExportCounts = {
    purposes: 0,
    wordings: 0,
    persons: 0,
    consents: 0,
    records: 0,
    unreadableContacts: 0,
  };
  previous = genesisHash;
  ended = false;
  lineNumber = 0;

  constructor(private readonly keys: Keys) {}

  problem(text: string) {
    this.problems.push(`line ${this.lineNumber}: ${text}`);
  }

  async add(text: string) {
    this.lineNumber += 1;
    if (this.ended) return this.problem('a line after the end line');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return this.problem('not JSON');
    }
    const type = (parsed as { type?: unknown } | null)?.type;
    if (this.lineNumber === 1 && type !== 'manifest') {
      return this.problem(`not a ${siteExportFormat} file: the first line is no manifest`);
    }
    // Records are most of the file: their own check parses them once.
    if (type === 'record') return this.record(parsed as Record<string, unknown>);
    const line = v.safeParse(SiteExportLineSchema, parsed);
    if (!line.success) return this.problem(v.summarize(line.issues).split('\n')[0] ?? 'invalid');
    const value = line.output;
    switch (value.type) {
      case 'manifest':
        if (this.lineNumber !== 1) return this.problem('a second manifest');
        this.manifest = value;
        return;
      case 'keys':
        if (this.jwks) return this.problem('a second keys line');
        this.jwks = keysToUse({ keys: value.keys }, this.keys, this.problems);
        return;
      case 'checkpoint':
        return this.checkpointLine({
          checkpoint: value.checkpoint,
          kid: value.kid,
          sig: value.sig,
        });
      case 'wording':
        this.counts.wordings += 1;
        if ((await sha256Hex(value.text)) !== value.version) {
          this.problem(`wording ${value.version} of ${value.purpose} does not match its text`);
        }
        return;
      case 'purpose':
        this.counts.purposes += 1;
        return;
      case 'person':
        this.counts.persons += 1;
        this.counts.consents += value.consents.length;
        if (value.email === null) this.counts.unreadableContacts += 1;
        return;
      case 'end':
        this.ended = true;
        for (const [kind, count] of Object.entries(value.counts)) {
          const found = this.counts[kind as keyof SiteExportCounts];
          if (found !== count)
            this.problem(`the end line counts ${count} ${kind}, the file holds ${found}`);
        }
        return;
      default:
        return;
    }
  }

  async checkpointLine(signed: SignedCheckpoint) {
    if (!this.jwks) return this.problem('the checkpoint comes before the keys');
    if (this.checkpoint) return this.problem('a second checkpoint');
    const verdict = await verifyCheckpoint(signed, this.jwks);
    if (!verdict.ok) return this.problem(`checkpoint: ${verdict.reason}`);
    if (signed.checkpoint.site !== this.manifest?.site) {
      return this.problem('the checkpoint is of another site');
    }
    this.checkpoint = signed;
  }

  async record(line: Record<string, unknown>) {
    if (!this.jwks || !this.checkpoint) {
      return this.problem('a record before the keys and a valid checkpoint');
    }
    const { type: _type, ...signed } = line;
    const verdict = await verifyRecord(signed, this.jwks);
    const { record, hash } = signed as {
      record: { seq: number; site: string; prev: string };
      hash: string;
    };
    const seq = this.counts.records + 1;
    this.counts.records = seq;
    if (!verdict.ok) return this.problem(`record #${record?.seq ?? '?'}: ${verdict.reason}`);
    if (record.site !== this.checkpoint.checkpoint.site) {
      return this.problem(`record #${record.seq} is of another site`);
    }
    if (record.seq !== seq)
      return this.problem(`record #${record.seq} stands where #${seq} should`);
    if (record.prev !== this.previous) {
      this.problem(`record #${record.seq} does not link to the one before`);
    }
    this.previous = hash;
  }

  finish(): SiteExportFinding {
    const lines: string[] = [];
    const { manifest, checkpoint } = this;
    if (!this.ended) this.problems.push('the file ends without its end line: it was cut short');
    if (checkpoint && this.problems.length === 0) {
      const { seq, head } = checkpoint.checkpoint;
      if (this.counts.records !== seq) {
        this.problems.push(
          `the checkpoint covers ${seq} records, the file holds ${this.counts.records}`,
        );
      } else if (this.previous !== head) {
        this.problems.push('the last record is not the checkpoint head');
      }
    } else if (!checkpoint) {
      this.problems.push('no valid signed checkpoint');
    }
    if (manifest) {
      lines.push(
        `${siteExportFormat} version ${manifest.version} of site ${manifest.site}, made ${manifest.generatedAt} at ${manifest.origin}`,
      );
    }
    const valid = this.problems.length === 0;
    if (valid && checkpoint) {
      const c = this.counts;
      lines.push(
        `valid   log of ${checkpoint.checkpoint.site}: ${c.records} records, each signed, numbered without a gap, linked, ending at the checkpoint head`,
        `valid   ${c.wordings} wording version(s) match their texts`,
        `valid   counts: ${c.purposes} purposes, ${c.wordings} wordings, ${c.persons} persons, ${c.consents} consents, ${c.records} records, as the end line says`,
        this.keys.published
          ? 'valid   the keys in the file are the published ones'
          : 'note    checked with the keys in the file; add --jwks URL to compare them with the published ones',
        'not checked: persons and consents are not signed; only the log is proof',
      );
      if (c.unreadableContacts > 0) {
        lines.push(
          `note    ${c.unreadableContacts} person(s) without contact data: it could not be opened`,
        );
      }
    }
    for (const problem of this.problems.slice(0, maxProblems)) lines.push(`INVALID ${problem}`);
    if (this.problems.length > maxProblems) {
      lines.push(`INVALID … and ${this.problems.length - maxProblems} more`);
    }
    return { valid, lines, records: this.counts.records };
  }
}

/**
 * Checks a whole-site export (M2) offline, line by line as it is read: the manifest names a
 * format and version this SDK knows; the checkpoint is signed by the file's keys (or, given
 * `jwks`, by the published ones, which must then hold every key of the file); every record is
 * signed, of the site, numbered 1..n without a gap, linked to the one before, the last one the
 * checkpoint's head; every wording's version is the SHA-256 of its text; and the end line is
 * there with the counts of what came before it. One changed byte of a record fails it.
 */
export async function verifySiteExport(
  lines: AsyncIterable<string> | Iterable<string>,
  options: { jwks?: Jwks } = {},
): Promise<SiteExportFinding> {
  const check = new SiteExportCheck({ published: options.jwks });
  for await (const line of lines) {
    await check.add(line);
    if (check.lineNumber === 1 && !check.manifest) break;
  }
  if (check.manifest && check.manifest.version !== siteExportVersion) {
    check.problems.push(`version ${check.manifest.version} is not one this SDK reads`);
  }
  return check.finish();
}

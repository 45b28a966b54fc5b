/// <reference types="node" />
import { createWriteStream } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Result, signetError } from '../contract/errors.js';
import type { SignetAdmin } from '../server/admin-client.js';

/**
 * `signet export-all --out DIR`: the whole site into DIR, written as it arrives. The file gets
 * its name only once complete, so a download that breaks off leaves a `.partial` file, never an
 * export that looks whole.
 */
export async function exportAll(admin: SignetAdmin, dir: string): Promise<Result<string>> {
  const answer = await admin.exportSite();
  if (!answer.ok) return answer;
  await mkdir(dir, { recursive: true });
  const file = join(dir, answer.value.fileName ?? 'signet-site-export.ndjson');
  const partial = `${file}.partial`;
  try {
    await pipeline(
      Readable.fromWeb(answer.value.body as import('node:stream/web').ReadableStream),
      createWriteStream(partial),
    );
  } catch (cause) {
    const message = `The export broke off (${cause instanceof Error ? cause.message : cause}); ${partial} is incomplete: run export-all again`;
    return { ok: false, error: signetError('network', message) };
  }
  await rename(partial, file);
  return { ok: true, value: `written to ${file}; check it with: signet verify ${dir}` };
}

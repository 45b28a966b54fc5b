/// <reference types="node" />
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import * as v from 'valibot';
import { type Jwks, JwksSchema } from '../contract/records.js';
import { siteExportFormat } from '../contract/site-export.js';
import { ndjsonLines, verifySiteExport } from '../records/verify-site-export.js';
import type { Output } from './verify-command.js';

const usage = 'Usage: signet verify DIR|EXPORT.ndjson [--jwks URL|FILE]';

/** The export in a directory `signet export-all` wrote: its one `.ndjson` file. */
export async function exportFileOf(path: string): Promise<string | null> {
  const info = await stat(path).catch(() => null);
  if (!info) return null;
  if (info.isFile()) return path;
  const files = (await readdir(path)).filter((name) => name.endsWith('.ndjson'));
  return files.length === 1 && files[0] ? join(path, files[0]) : null;
}

/** Whether the file starts as a site export does: its first line a manifest of the format. */
async function isSiteExport(file: string): Promise<boolean> {
  for await (const line of ndjsonLines(createReadStream(file, { end: 4095 }))) {
    return line.includes('"type":"manifest"') && line.includes(`"${siteExportFormat}"`);
  }
  return false;
}

async function jwksFrom(source: string): Promise<Jwks> {
  const text = /^https?:\/\//.test(source)
    ? await (await fetch(source)).text()
    : await readFile(source, 'utf8');
  return v.parse(JwksSchema, JSON.parse(text));
}

/**
 * `signet verify DIR|EXPORT.ndjson [--jwks URL|FILE]`: a whole-site export, read line by line
 * (a file of any size). Answers null when the path holds no site export, so the other shapes go
 * on to their own checks.
 */
export async function runSiteExportCli(args: string[], io: Output): Promise<number | null> {
  const [command, path, ...rest] = args;
  if (command !== 'verify' || !path) return null;
  const file = await exportFileOf(path);
  if (!file || !(await isSiteExport(file).catch(() => false))) return null;
  const jwksAt = rest[0] === '--jwks' ? rest[1] : undefined;
  if (rest.length > 0 && (rest.length !== 2 || !jwksAt)) {
    io.err(usage);
    return 2;
  }
  let jwks: Jwks | undefined;
  try {
    jwks = jwksAt ? await jwksFrom(jwksAt) : undefined;
  } catch (error) {
    io.err(`signet: cannot read the JWKS: ${error instanceof Error ? error.message : error}`);
    return 2;
  }
  const found = await verifySiteExport(ndjsonLines(createReadStream(file)), jwks ? { jwks } : {});
  for (const line of found.lines) io.out(line);
  io.out(found.valid ? `VALID: ${found.records} record(s) verified` : 'INVALID: see above');
  return found.valid ? 0 : 1;
}

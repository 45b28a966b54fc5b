import { readFile, writeFile } from 'node:fs/promises';
import * as v from 'valibot';
import { PurposeInputSchema, SiteSettingsPatchSchema } from '../contract/admin.js';
import type { Locale } from '../contract/common.js';
import { ContactQuerySchema } from '../contract/consents.js';
import type { Result } from '../contract/errors.js';
import { WordingSchema } from '../contract/wording.js';
import { createSignetAdmin } from '../server/admin-client.js';
import type { ContactInput } from '../server/may-contact.js';
import type { SignetDocument } from '../server/resilient-call.js';
import { createSignetServer, type SignetServer } from '../server/server-client.js';
import { exportAll } from './export-all.js';
import { importUsage, runImportCommand } from './import-command.js';
import type { Output } from './verify-command.js';
import { webhookCommand } from './webhook-commands.js';

export const adminUsage = `Usage: signet COMMAND [ARGS] [--endpoint URL] [--site ID] [--key KEY]

The endpoint, site and key default to SIGNET_ENDPOINT, SIGNET_SITE and SIGNET_API_KEY.

  site show                              the site's settings
  site set FILE.json                     change settings (any fields of PATCH /v1/admin/site)
  purposes list                          purposes with channel, lifetime and wording versions
  purposes put ID --channel email|sms|phone|post [--lifetime-days N] [--ends-at ISO] [--position N]
  wording publish PURPOSE FILE.json      publish a wording (locale, label, processed, purpose,
                                         retention, withdrawal)
  keys list | keys create LABEL [--test] | keys revoke ID
                                         --test: a test key (sk_test_…), which mails nobody
  events [--limit N] [--all]             the admin log, newest first; --all: every page
  person find|export|erase EMAIL|PHONE [--out FILE] [--yes]
                                         a person's request; erase needs --yes; find answers
                                         "subject": null for an unknown address, and
                                         "pendingRequests" for one that has not confirmed yet
  report --from DATE --to DATE [--interval day|week|month] [--purpose ID] [--format json|csv]
  evidence --email EMAIL|--phone PHONE [--purpose ID] [--format pdf|html|json] [--locale de|en|fr]
         [--out FILE]                    the proof of a person's consent (every purpose without
                                         --purpose); pdf and html go to FILE, by default the
                                         file name Signet gives them (site, person ref, date)
  webhooks list | webhooks remove ID | webhooks rotate-secret ID
                                         endpoints; a rotated secret's predecessor signs 24 h more
  webhooks create URL --events EVENT[,EVENT] [--description TEXT]
  webhooks update ID [--url URL] [--events EVENT[,EVENT]] [--description TEXT]
  webhooks test ID [--type EVENT]        a test event of each type now (or of one)
  webhooks deliveries ID [--limit N] [--before DELIVERY] [--all]
                                         the delivery log, newest first; --all: every page
  webhooks redeliver ID DELIVERY         send one delivery again now
  art30 [--locale de|en] [--format md|html|json]
                                         the Art. 30 entry of the site
  export-all --out DIR                   everything of the site (settings, purposes, wordings,
                                         persons with their consents, the signed log, a
                                         checkpoint and the keys) into DIR as NDJSON
${importUsage}
  reconfirm --purpose ID --imported [--without-evidence] [--dry-run]
                                         mail the purpose's imported people a double opt-in,
                                         at most the site's reconfirmationsPerDay a day;
                                         --dry-run: how many it would mail, and the cap
  reconfirm status                       queued, sent, confirmed, no answer per purpose
  verify FILE --jwks URL|FILE [--checkpoint FILE]
                                         check signed records offline (no key needed)
  verify DIR|EXPORT.ndjson [--jwks URL|FILE]
                                         check a site export offline (docs/site-export.md)

Exit code: 0 done, 1 refused by Signet, 2 usage or input error.`;

interface Parsed {
  words: string[];
  flags: Record<string, string>;
  switches: Set<string>;
}

const switchNames = new Set(['yes', 'all', 'test', 'dry-run', 'imported', 'without-evidence']);

function parse(args: string[]): Parsed | null {
  const parsed: Parsed = { words: [], flags: {}, switches: new Set() };
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? '';
    if (!arg.startsWith('--')) {
      parsed.words.push(arg);
      continue;
    }
    const name = arg.slice(2);
    if (switchNames.has(name)) {
      parsed.switches.add(name);
      continue;
    }
    const value = args[i + 1];
    if (value === undefined || value.startsWith('--')) return null;
    parsed.flags[name] = value;
    i += 1;
  }
  return parsed;
}

export class UsageError extends Error {}

export const need = (value: string | undefined, what: string) => {
  if (!value) throw new UsageError(`missing ${what}`);
  return value;
};

async function readJson(file: string) {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${error instanceof Error ? error.message : error}`);
  }
}

export function checked<S extends v.GenericSchema>(schema: S, value: unknown, what: string) {
  const result = v.safeParse(schema, value);
  if (result.success) return result.output as v.InferOutput<S>;
  const issue = result.issues[0];
  const field = v.getDotPath(issue);
  throw new UsageError(`${what}: ${field ? `${field} ` : ''}${issue.message}`);
}

const contactOf = (text: string): ContactInput => {
  const contact: ContactInput = text.startsWith('+') ? { phone: text } : { email: text };
  checked(ContactQuerySchema, contact, 'contact');
  return contact;
};

type Environment = Record<string, string | undefined>;

/** Every item of a paged list, or the error of the page that failed. */
export async function everything<T>(items: AsyncIterable<Result<T>>): Promise<Result<T[]>> {
  const all: T[] = [];
  for await (const item of items) {
    if (!item.ok) return item;
    all.push(item.value);
  }
  return { ok: true, value: all };
}

const isDocument = (value: unknown): value is SignetDocument =>
  typeof value === 'object' &&
  value !== null &&
  (value as SignetDocument).bytes instanceof Uint8Array;

const evidenceFormats = new Set(['json', 'html', 'pdf']);
const exhibitLocales = new Set(['de', 'en', 'fr']);

function evidenceCommand(flags: Record<string, string>, server: SignetServer) {
  if ((flags.email === undefined) === (flags.phone === undefined)) {
    throw new UsageError('give either --email or --phone');
  }
  const contact = contactOf(flags.email ?? flags.phone ?? '');
  const format = flags.format ?? 'json';
  if (!evidenceFormats.has(format)) throw new UsageError('--format is pdf, html or json');
  if (flags.locale && !exhibitLocales.has(flags.locale))
    throw new UsageError('--locale is de, en or fr');
  const query = {
    ...contact,
    ...(flags.purpose ? { purpose: flags.purpose } : {}),
    ...(flags.locale ? { locale: flags.locale as Locale } : {}),
  };
  return format === 'json'
    ? server.evidence({ ...query, format: 'json' })
    : server.evidence({ ...query, format: format as 'html' | 'pdf' });
}

/** Every command but `verify`: the admin API from a terminal. */
export async function runAdminCommand(
  args: string[],
  io: Output,
  environment: Environment,
  fetchImpl?: typeof fetch,
): Promise<number> {
  const parsed = parse(args);
  if (!parsed || parsed.words.length === 0) {
    io.err(adminUsage);
    return 2;
  }
  try {
    const options = {
      endpoint: need(parsed.flags.endpoint ?? environment.SIGNET_ENDPOINT, '--endpoint'),
      site: need(parsed.flags.site ?? environment.SIGNET_SITE, '--site'),
      apiKey: need(parsed.flags.key ?? environment.SIGNET_API_KEY, '--key'),
      ...(fetchImpl ? { fetch: fetchImpl } : {}),
    };
    const siteAdmin = createSignetAdmin(options);
    if (parsed.words[0] === 'import') {
      const { words, flags, switches } = parsed;
      return runImportCommand(words[1], flags, switches.has('dry-run'), siteAdmin, io);
    }
    // The export goes to a directory as it arrives; --out names the directory, not a file.
    const result =
      parsed.words[0] === 'export-all'
        ? await exportAll(siteAdmin, need(parsed.flags.out, '--out DIR'))
        : await dispatch(parsed, siteAdmin, createSignetServer(options));
    if (result.ok && parsed.words[0] === 'export-all') {
      io.out(String(result.value));
      return 0;
    }
    if (!result.ok) {
      const field = result.error.field ? ` (${result.error.field})` : '';
      // The id to quote when asking the operator about this failure.
      const id = result.error.requestId ? ` [request ${result.error.requestId}]` : '';
      io.err(`signet: ${result.error.code}: ${result.error.message}${field}${id}`);
      return 1;
    }
    const { value } = result;
    if (isDocument(value)) {
      const out = parsed.flags.out ?? value.fileName ?? 'evidence';
      await writeFile(out, value.bytes);
      io.out(`written to ${out}`);
      return 0;
    }
    if (parsed.flags.out) {
      await writeFile(
        parsed.flags.out,
        typeof value === 'string' ? value : JSON.stringify(value, null, 2),
      );
      io.out(`written to ${parsed.flags.out}`);
    } else {
      io.out(typeof value === 'string' ? value.trimEnd() : JSON.stringify(value, null, 2));
    }
    return 0;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`signet: ${error.message}\n\n${adminUsage}`);
    return 2;
  }
}

async function dispatch(
  { words, flags, switches }: Parsed,
  admin: ReturnType<typeof createSignetAdmin>,
  server: ReturnType<typeof createSignetServer>,
): Promise<Result<unknown>> {
  const [command, sub, first, second] = words;
  switch (`${command} ${sub ?? ''}`.trim()) {
    case 'site show':
      return admin.site();
    case 'site set':
      return admin.updateSite(
        checked(SiteSettingsPatchSchema, await readJson(need(first, 'FILE.json')), 'settings'),
      );
    case 'purposes list':
      return admin.purposes();
    case 'purposes put': {
      const input = {
        channel: flags.channel,
        ...(flags['lifetime-days'] ? { lifetimeDays: Number(flags['lifetime-days']) } : {}),
        ...(flags['ends-at'] ? { endsAt: flags['ends-at'] } : {}),
        ...(flags.position ? { position: Number(flags.position) } : {}),
      };
      return admin.putPurpose(need(first, 'ID'), checked(PurposeInputSchema, input, 'purpose'));
    }
    case 'wording publish': {
      const wording = checked(WordingSchema, await readJson(need(second, 'FILE.json')), 'wording');
      return admin.publishWording(need(first, 'PURPOSE'), wording);
    }
    case 'keys list':
      return admin.keys();
    case 'keys create':
      return admin.createKey(need(first, 'LABEL'), switches.has('test') ? { mode: 'test' } : {});
    case 'keys revoke':
      return admin.revokeKey(need(first, 'ID'));
    case 'person find':
      return server.findSubject(contactOf(need(first, 'EMAIL or PHONE')));
    case 'person export':
      return server.exportSubject(contactOf(need(first, 'EMAIL or PHONE')));
    case 'person erase':
      if (!switches.has('yes'))
        throw new UsageError('erasing a person cannot be undone: add --yes');
      return server.eraseSubject(contactOf(need(first, 'EMAIL or PHONE')));
    default:
      break;
  }
  if (command === 'events') {
    const params = flags.limit ? { limit: Number(flags.limit) } : {};
    if (!switches.has('all')) return admin.events(params);
    // The same shape as one page, as if it were the last: a script reads both alike.
    const events = await everything(admin.allEvents(params));
    return events.ok ? { ok: true, value: { events: events.value, next: null } } : events;
  }
  if (command === 'report') {
    const params = {
      from: need(flags.from, '--from'),
      to: need(flags.to, '--to'),
      ...(flags.interval ? { interval: flags.interval as 'day' | 'week' | 'month' } : {}),
      ...(flags.purpose ? { purpose: flags.purpose } : {}),
    };
    return flags.format === 'csv' ? admin.reportCsv(params) : admin.report(params);
  }
  if (command === 'reconfirm') {
    if (sub === 'status') return admin.reconfirmations.status();
    // Only imported consents are re-confirmed; the switch says so on the command line.
    if (!switches.has('imported')) throw new UsageError('reconfirm needs --imported');
    const input = {
      purpose: need(flags.purpose, '--purpose'),
      ...(switches.has('without-evidence') ? { withoutEvidenceOnly: true } : {}),
    };
    return switches.has('dry-run')
      ? admin.reconfirmations.preview(input)
      : admin.reconfirmations.start(input);
  }
  if (command === 'evidence') return evidenceCommand(flags, server);
  if (command === 'webhooks') return webhookCommand(words, flags, switches, admin.webhooks);
  if (command === 'art30') {
    const locale = (flags.locale ?? 'en') as 'de' | 'en';
    const format = flags.format ?? 'md';
    if (format === 'json') return admin.processingRecord(locale);
    if (format !== 'md' && format !== 'html') throw new UsageError('--format is md, html or json');
    return admin.processingRecordText(locale, format);
  }
  throw new UsageError(`unknown command "${words.join(' ')}"`);
}

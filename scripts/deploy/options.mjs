// The deploy's inputs: each from its flag, else its SIGNET_* variable (`--site-id` and
// SIGNET_SITE_ID), else (for the worker's variables) what wrangler.jsonc holds, else asked for.
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DeployRefusal } from './refusal.mjs';

const noControl = (value) => !/[\p{Cc}]/u.test(value);
const httpUrl = (value) => {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
};
const checks = {
  // middleware/configuration.ts and the contract's OriginSchema, SiteIdSchema and EmailSchema.
  apiOrigin: [(v) => /^https?:\/\/[^/]+$/.test(v), 'an origin like https://consent.example'],
  siteOrigin: [
    (v) => /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i.test(v),
    'an origin like https://shop.example',
  ],
  siteId: [(v) => /^[a-z0-9][a-z0-9-]{0,62}$/.test(v), 'lower-case letters, digits and dashes'],
  email: [(v) => /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(v) && v.length <= 254, 'an email address'],
  mailFrom: [
    (v) => /^([^<>]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/.test(v) && noControl(v),
    'Name <address> or an address',
  ],
  mailTransport: [(v) => v === 'http' || v === 'email-service', 'http or email-service'],
  smsTransport: [(v) => v === 'http', 'http'],
  url: [httpUrl, 'an http(s) URL'],
  line: [(v) => v.trim().length > 0 && v.length <= 200 && noControl(v), 'one line of text'],
  locales: [
    (v) => v.split(',').every((l) => ['de', 'en', 'fr'].includes(l)),
    'a list like de,en (de, en, fr)',
  ],
};

/** The worker's variables (wrangler.jsonc `vars`); a required one is asked for when missing. */
export const workerVariables = [
  {
    flag: 'public-url',
    name: 'PUBLIC_URL',
    check: 'apiOrigin',
    required: true,
    ask: "The API's origin, where it will be served (PUBLIC_URL)",
  },
  {
    flag: 'mail-transport',
    name: 'MAIL_TRANSPORT',
    check: 'mailTransport',
    required: true,
    ask: 'Mail transport: http (Brevo or another HTTP API) or email-service (Cloudflare)',
  },
  {
    flag: 'mail-from',
    name: 'MAIL_FROM',
    check: 'mailFrom',
    required: true,
    ask: 'Sender of every message, Name <address> (MAIL_FROM)',
  },
  { flag: 'mail-api-url', name: 'MAIL_API_URL', check: 'url' },
  { flag: 'sms-transport', name: 'SMS_TRANSPORT', check: 'smsTransport' },
  { flag: 'sms-api-url', name: 'SMS_API_URL', check: 'url' },
  { flag: 'sms-from', name: 'SMS_FROM', check: 'line' },
];

/** The first site's settings (the console changes them later); a fallback is the default. */
export const siteInputs = [
  {
    flag: 'site-id',
    key: 'id',
    check: 'siteId',
    ask: 'Site id (lower-case letters, digits, dashes)',
  },
  {
    flag: 'site-name',
    key: 'name',
    check: 'line',
    ask: "Site name, as visitors and the site's emails show it",
  },
  {
    flag: 'origin',
    key: 'origin',
    check: 'siteOrigin',
    ask: "The site's origin, where the form is embedded",
  },
  {
    flag: 'owner-email',
    key: 'ownerEmail',
    check: 'email',
    ask: "The owner's address (signs in to the console at /admin)",
  },
  { flag: 'privacy-url', key: 'privacyUrl', check: 'url', ask: "The site's privacy policy URL" },
  {
    flag: 'controller',
    key: 'controller',
    check: 'line',
    ask: 'The controller (name and postal address)',
    fallback: (site) => site.name,
  },
  {
    flag: 'controller-contact',
    key: 'controllerContact',
    check: 'email',
    ask: "The controller's privacy contact",
    fallback: (site) => site.ownerEmail,
  },
  {
    flag: 'locales',
    key: 'locales',
    check: 'locales',
    ask: 'Languages, the default first',
    fallback: () => 'de,en',
  },
];

const flagOptions = Object.fromEntries(
  [...workerVariables, ...siteInputs].map((input) => [input.flag, { type: 'string' }]),
);

export const envName = (flag) => `SIGNET_${flag.toUpperCase().replaceAll('-', '_')}`;

export function validate(input, value) {
  const [test, shape] = checks[input.check];
  if (!test(value)) throw new DeployRefusal(`--${input.flag} must be ${shape}, not "${value}"`);
  return value;
}

export const isValid = (input, value) => checks[input.check][0](value);

const defaultConfig = fileURLToPath(
  new URL('../../packages/edge-api/wrangler.jsonc', import.meta.url),
);

function parseFlags(argv) {
  try {
    return parseArgs({
      args: argv,
      options: {
        ...flagOptions,
        config: { type: 'string', default: defaultConfig },
        shards: { type: 'string' },
        'keys-file': { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        yes: { type: 'boolean', short: 'y', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (error) {
    throw new DeployRefusal(`${error.message} (see --help)`);
  }
}

export function readOptions(argv, env) {
  const values = parseFlags(argv);
  const given = (flag) => values[flag] ?? env[envName(flag)] ?? undefined;
  const pick = (inputs) =>
    Object.fromEntries(
      inputs
        .filter((input) => given(input.flag) !== undefined)
        .map((input) => [input.flag, validate(input, given(input.flag))]),
    );
  const shards = given('shards');
  if (shards !== undefined && !/^([1-9]|[1-5][0-9]|6[0-4])$/.test(shards)) {
    throw new DeployRefusal(`--shards must be a number from 1 to 64, not "${shards}"`);
  }
  return {
    config: values.config,
    shards: shards === undefined ? undefined : Number(shards),
    keysFile: given('keys-file'),
    dryRun: values['dry-run'],
    yes: values.yes,
    help: values.help,
    variables: pick(workerVariables),
    site: pick(siteInputs),
    mailApiKey: env.SIGNET_MAIL_API_KEY || undefined,
    smsApiKey: env.SIGNET_SMS_API_KEY || undefined,
  };
}

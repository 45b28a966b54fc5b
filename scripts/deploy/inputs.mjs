// Settles every input before anything changes: given, asked (a person at a terminal), or
// missing. A deploy with --yes refuses with the whole list of what is missing; a dry run shows
// `<--flag>` in its place, so the plan can be read before anything is decided.
import { existsSync } from 'node:fs';
import { envName, isValid, siteInputs, validate, workerVariables } from './options.mjs';
import { DeployRefusal } from './refusal.mjs';

/** `mode`: 'ask' (with a prompter), 'refuse' (--yes) or 'placeholder' (--dry-run). */
export function createSettler(mode, prompter) {
  const missing = [];
  return {
    missing,
    async value(input, { fallback } = {}) {
      if (mode === 'ask') {
        return prompter.ask(input.ask, (value) => isValid(input, value), fallback);
      }
      if (fallback) return fallback;
      missing.push(`--${input.flag} (or ${envName(input.flag)})`);
      return `<--${input.flag}>`;
    },
    /** After settling: --yes with anything missing stops here, before any change. */
    finish() {
      if (mode === 'refuse' && missing.length > 0) {
        throw new DeployRefusal(
          `missing: ${missing.join(', ')}. Pass them, or run without --yes in a terminal to be asked.`,
        );
      }
    },
  };
}

/** The worker's variables as wrangler.jsonc should hold them after the deploy. */
export async function settleVariables(options, config, settler) {
  const vars = {};
  for (const input of workerVariables) {
    const configured = config.vars[input.name];
    if (options.variables[input.flag] === undefined && configured !== undefined) {
      // What an earlier deploy (or a person) wrote must still be usable.
      vars[input.name] = validate(input, configured);
    } else if (options.variables[input.flag] !== undefined) {
      vars[input.name] = options.variables[input.flag];
    } else if (input.required) {
      vars[input.name] = await settler.value(input);
    }
  }
  if (vars.MAIL_TRANSPORT === 'email-service' && !config.sendEmailBindings.includes('EMAIL')) {
    throw new DeployRefusal(
      'MAIL_TRANSPORT=email-service needs a send_email binding named EMAIL: add `"send_email": [{ "name": "EMAIL" }]` to wrangler.jsonc',
    );
  }
  return vars;
}

/**
 * The mail and SMS providers' keys still to set: the value from SIGNET_MAIL_API_KEY or
 * SIGNET_SMS_API_KEY, or undefined for wrangler to ask. Never a flag: flags end up in shell
 * histories and process lists.
 */
export function settleProviderKeys(options, vars, secretNames, settler, mode) {
  const keys = {};
  const wanted = [
    ['MAIL_API_KEY', vars.MAIL_TRANSPORT === 'http', options.mailApiKey],
    ['SMS_API_KEY', vars.SMS_TRANSPORT === 'http', options.smsApiKey],
  ];
  for (const [name, needed, value] of wanted) {
    if (!needed || secretNames.includes(name)) continue;
    if (value === undefined && mode === 'refuse') settler.missing.push(`SIGNET_${name}`);
    keys[name] = value;
  }
  return keys;
}

/** The first site's settings, or only its id when it exists and needs a key. */
export async function settleSite(options, work, settler) {
  if (work === 'none') return null;
  const site = {};
  for (const input of work === 'key' ? siteInputs.slice(0, 1) : siteInputs) {
    const fallback = input.fallback?.(site);
    site[input.key] = options.site[input.flag] ?? (await settler.value(input, { fallback }));
  }
  if (site.locales) site.locales = site.locales.split(',');
  return site;
}

export async function settleKeysFile(options, generating, mode, prompter) {
  if (generating.length === 0) return undefined;
  let path = options.keysFile;
  if (path === undefined && mode === 'ask') {
    path = await prompter.askOptional(
      'File to keep a copy of the new keys in (mode 600; rotating MASTER_KEY needs its value), empty for none',
    );
  }
  if (path !== undefined && existsSync(path)) {
    throw new DeployRefusal(`${path} exists already; the keys file is never overwritten`);
  }
  return path;
}

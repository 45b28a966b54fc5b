/// <reference types="node" />
import { sdkVersion } from '../version.js';
import { adminUsage } from './admin-commands.js';

const helpWords = new Set(['help', '--help', '-h']);

/** Whether the arguments ask for help: `signet help [COMMAND]`, `… --help`, `… -h`. */
export function asksForHelp(args: string[]) {
  return args.some((arg) => helpWords.has(arg));
}

/**
 * The help for the command the arguments name (its lines of the usage, with the options every
 * command takes), or the whole usage when they name none.
 */
export function helpFor(args: string[]): string {
  const command = args.find((arg) => !helpWords.has(arg) && !arg.startsWith('-'));
  if (!command) return adminUsage;
  const lines = adminUsage.split('\n');
  const own: string[] = [];
  let inside = false;
  for (const line of lines) {
    if (/^ {2}\S/.test(line)) inside = line.trimStart().split(/\s/)[0] === command;
    else if (!/^ {3,}\S/.test(line)) inside = false;
    if (inside) own.push(line);
  }
  if (own.length === 0) return `signet: no command "${command}"\n\n${adminUsage}`;
  const [usage, , environment] = lines;
  return [usage, '', environment, '', ...own].join('\n');
}

/** The package's version: the one the SDK sends in its User-Agent. */
export function version(): string {
  return sdkVersion;
}

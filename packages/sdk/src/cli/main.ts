/// <reference types="node" />
import { runAdminCommand } from './admin-commands.js';
import { asksForHelp, helpFor, version } from './help.js';
import { type Output, runCli } from './verify-command.js';

/**
 * `npx signet …`: `verify` offline, every other command against the admin API. Help and the
 * version need no endpoint: they print to stdout and exit 0.
 */
export async function runSignet(
  args: string[],
  io: Output,
  environment: Record<string, string | undefined> = process.env,
  fetchImpl?: typeof fetch,
) {
  if (args.includes('--version') || args.includes('-v')) {
    io.out(version());
    return 0;
  }
  if (asksForHelp(args)) {
    const help = helpFor(args);
    if (help.startsWith('signet: no command')) {
      io.err(help);
      return 2;
    }
    io.out(help);
    return 0;
  }
  return args[0] === 'verify'
    ? runCli(args, io)
    : runAdminCommand(args, io, environment, fetchImpl);
}

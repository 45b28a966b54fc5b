/// <reference types="node" />
import { runAdminCommand } from './admin-commands.js';
import { type Output, runCli } from './verify-command.js';

/** `npx signet …`: `verify` offline, every other command against the admin API. */
export function runSignet(
  args: string[],
  io: Output,
  environment: Record<string, string | undefined> = process.env,
  fetchImpl?: typeof fetch,
) {
  return args[0] === 'verify'
    ? runCli(args, io)
    : runAdminCommand(args, io, environment, fetchImpl);
}

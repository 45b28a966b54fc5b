#!/usr/bin/env node
// `npx signet verify FILE --jwks URL|FILE`: checks signed consent records offline.
import { runCli } from '../dist/cli/verify-command.js';

process.exitCode = await runCli(process.argv.slice(2), {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
});

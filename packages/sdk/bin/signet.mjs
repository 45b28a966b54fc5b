#!/usr/bin/env node
// `npx signet`: verify signed records offline, or run the site's admin tasks (`npx signet help`).
import { runSignet } from '../dist/cli/main.js';

process.exitCode = await runSignet(process.argv.slice(2), {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
});

// `npm run size`: the gzip and brotli size of every built file a browser or Node loads.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

// The console (/admin) is measured apart: it is its own bundle and never loads on a site's page.
const dirs = ['packages/widget/dist', 'packages/widget/dist/console', 'packages/sdk/dist'];
const budgets = { 'packages/widget/dist/signet.js': 10 * 1024 };
const kb = (bytes) => `${(bytes / 1024).toFixed(2)} kB`;

const rows = [];
for (const dir of dirs) {
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.js')) continue;
    const path = join(dir, name);
    const bytes = readFileSync(path);
    const gzip = gzipSync(bytes, { level: 9 }).length;
    const brotli = brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
    }).length;
    rows.push({ path, raw: statSync(path).size, gzip, brotli });
  }
}
const width = Math.max(...rows.map((row) => row.path.length));
console.log(
  `${'file'.padEnd(width)}  ${'raw'.padStart(10)}  ${'gzip'.padStart(10)}  ${'brotli'.padStart(10)}`,
);
for (const row of rows) {
  const budget = budgets[row.path];
  const note = budget
    ? `  (budget ${kb(budget)} gzip: ${row.gzip <= budget ? 'within' : 'OVER'})`
    : '';
  console.log(
    `${row.path.padEnd(width)}  ${kb(row.raw).padStart(10)}  ${kb(row.gzip).padStart(10)}  ${kb(row.brotli).padStart(10)}${note}`,
  );
}

const consoleRows = rows.filter((row) => row.path.startsWith('packages/widget/dist/console/'));
const sum = (key) => kb(consoleRows.reduce((total, row) => total + row[key], 0));
console.log(
  `console (/admin), all chunks: ${sum('raw')} raw, ${sum('gzip')} gzip, ${sum('brotli')} brotli`,
);

// `npm test` runs this after the build: a bundle over its budget fails the run.
const over = rows.filter((row) => budgets[row.path] && row.gzip > budgets[row.path]);
if (over.length > 0) process.exitCode = 1;

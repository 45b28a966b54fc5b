import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const bench = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repo = resolve(bench, '..');

export const paths = {
  repo,
  bench,
  api: join(repo, 'packages/edge-api'),
  widgetDist: join(repo, 'packages/widget/dist'),
  floor: join(bench, 'floor-worker'),
  pages: join(bench, 'pages'),
  results: join(bench, 'results'),
  /** Everything a run leaves behind besides its results (gitignored as `.wrangler/`). */
  state: join(bench, '.wrangler'),
  modules: join(bench, 'node_modules'),
};

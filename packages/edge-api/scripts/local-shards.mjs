// `npm start`'s wrangler config with shards (decision 0009): wrangler.jsonc's worker with
// `DB_1` … `DB_<n-1>` beside `DB` and the directory, each a local database of its own, written
// under .wrangler/ (or where `bench:scale` asks) with its paths pointing back at the package.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseJsonc } from '../../../scripts/deploy/jsonc.mjs';

/** Local databases are told apart by id: shard n gets n, the directory its own. */
const localId = (n) => `00000000-0000-0000-0000-${String(n).padStart(12, '0')}`;
const directoryId = '00000000-0000-0000-0000-0000000d1ec7';

export function writeShardedConfig(
  apiDir,
  shards,
  file = join(apiDir, '.wrangler/start/wrangler.json'),
) {
  const config = parseJsonc(readFileSync(join(apiDir, 'wrangler.jsonc'), 'utf8'));
  const from = (path) => relative(dirname(file), resolve(apiDir, path));
  const [main] = config.d1_databases;
  const shardBindings = Array.from({ length: shards - 1 }, (_, index) => ({
    ...main,
    binding: `DB_${index + 1}`,
    database_name: `${main.database_name}-shard-${index + 1}`,
    database_id: localId(index + 1),
    migrations_dir: from(main.migrations_dir),
  }));
  const directory = {
    binding: 'DIRECTORY',
    database_name: `${main.database_name}-directory`,
    database_id: directoryId,
    migrations_dir: from('migrations-directory'),
  };
  const written = {
    ...config,
    main: from(config.main),
    alias: Object.fromEntries(Object.entries(config.alias ?? {}).map(([k, v]) => [k, from(v)])),
    assets: { ...config.assets, directory: from(config.assets.directory) },
    d1_databases: [
      { ...main, migrations_dir: from(main.migrations_dir) },
      ...shardBindings,
      ...(shards > 1 ? [directory] : []),
    ],
  };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(written, null, 2));
  return { file, bindings: written.d1_databases.map((entry) => entry.binding) };
}

// What a bench run needs before it starts: the bench's own devDependencies and a copy of the
// built widget.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { paths } from './paths.mjs';

/** npm, as the one running this script when there is one. */
export function npm(args, cwd) {
  const viaNpm = process.env.npm_execpath;
  const [command, prefix] = viaNpm ? [process.execPath, [viaNpm]] : ['npm', []];
  const result = spawnSync(command, [...prefix, ...args], { cwd, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`npm ${args.join(' ')} failed`);
}

/** The bench's own devDependencies (bench/package.json), installed on first use. */
export function ensureBenchDependencies(log = console.log) {
  const { devDependencies } = JSON.parse(readFileSync(join(paths.bench, 'package.json'), 'utf8'));
  const missing = Object.keys(devDependencies).filter(
    (name) => !existsSync(join(paths.modules, name, 'package.json')),
  );
  if (missing.length === 0) return;
  log(`bench: installing its own devDependencies (${missing.join(', ')}) into bench/node_modules`);
  const lock = existsSync(join(paths.bench, 'package-lock.json'));
  npm(
    [
      lock ? 'ci' : 'install',
      '--prefix',
      paths.bench,
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
    ],
    paths.repo,
  );
}

/**
 * A copy of the built widget for this run (others may rebuild packages/widget/dist meanwhile;
 * the build empties it first). Builds it when it is missing or when asked to.
 */
export async function snapshotWidget({ build = false, log = console.log } = {}) {
  const bundle = join(paths.widgetDist, 'signet.js');
  if (build || !existsSync(bundle)) {
    log('bench: building the widget (npm run build)');
    npm(['run', 'build'], paths.repo);
  }
  const target = join(paths.state, 'run/widget');
  for (let attempt = 0; attempt < 30; attempt += 1) {
    try {
      mkdirSync(target, { recursive: true });
      for (const file of readdirSync(paths.widgetDist)) {
        if (file.endsWith('.js')) cpSync(join(paths.widgetDist, file), join(target, file));
      }
      if (existsSync(join(target, 'signet.js'))) return target;
    } catch {
      // a build is emptying dist right now
    }
    await new Promise((done) => setTimeout(done, 2_000));
  }
  throw new Error('packages/widget/dist/signet.js stayed missing; run `npm run build`');
}

/**
 * An assets folder without the widget, for runs that only call the API (the cost of a consent,
 * the profile): they need no build.
 */
export function noWidget() {
  const target = join(paths.state, 'run/no-widget');
  mkdirSync(target, { recursive: true });
  writeFileSync(join(target, 'README.txt'), 'The API-only bench runs serve no widget.\n');
  return target;
}

// Runs wrangler for the deploy: reads (which run even in a dry run, so the plan is the real one)
// and changes (which a dry run never starts). Every command is printed before it runs, as a
// person would type it in the config's folder; secrets only ever travel on stdin.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DeployRefusal } from './refusal.mjs';

export class WranglerError extends Error {
  name = 'WranglerError';
  constructor(args, status, output) {
    super(`wrangler ${args.slice(0, 3).join(' ')} failed (exit ${status})`);
    this.status = status;
    this.output = output;
  }
}

/** SIGNET_WRANGLER (a test's fake, or another install) or the project's own wrangler. */
function wranglerExecutable(env) {
  if (env.SIGNET_WRANGLER) return { file: env.SIGNET_WRANGLER, prefix: [] };
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 22) {
    throw new DeployRefusal(
      `wrangler 4 needs Node 22 or newer (this is ${process.version}); run \`npm run deploy\`, which uses the project's Node 24`,
    );
  }
  const packageJson = createRequire(import.meta.url).resolve('wrangler/package.json');
  return { file: process.execPath, prefix: [join(dirname(packageJson), 'bin/wrangler.js')] };
}

// As a POSIX shell reads it back; SQL (full of single quotes) reads best in double quotes.
function quote(arg) {
  if (/^[\w@%+=:,./-]+$/.test(arg)) return arg;
  if (!arg.includes("'")) return `'${arg}'`;
  return `"${arg.replace(/["\\$`]/g, '\\$&')}"`;
}
export const displayCommand = (args) => `wrangler ${args.map(quote).join(' ')}`;

/** The JSON that a `--json` command printed, past any line wrangler printed before it. */
export function parseJsonOutput(stdout) {
  const start = stdout.search(/^[[{]/m);
  if (start === -1) throw new Error(`wrangler printed no JSON: ${stdout.slice(0, 200)}`);
  return JSON.parse(stdout.slice(start));
}

export function createWrangler({ config, env, print }) {
  const executable = wranglerExecutable(env);
  const spawnEnv = { ...env, WRANGLER_SEND_METRICS: 'false' };
  // wrangler finds wrangler.jsonc in its working directory; any other name is passed on.
  const configArgs = config.file === 'wrangler.jsonc' ? [] : ['--config', config.file];
  const spawn = (args, options) =>
    spawnSync(executable.file, [...executable.prefix, ...args, ...configArgs], {
      cwd: config.dir,
      env: spawnEnv,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      ...options,
    });
  const shown = (args) => displayCommand([...args, ...configArgs]);

  return {
    shown,
    /** A command that changes nothing; its stdout, or a WranglerError with what it printed. */
    read(args) {
      print(`$ ${shown(args)}`);
      const result = spawn(args, { stdio: ['ignore', 'pipe', 'pipe'] });
      if (result.status !== 0) {
        const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error?.message ?? ''}`;
        throw new WranglerError(args, result.status ?? 1, output);
      }
      return result.stdout;
    },
    readJson(args) {
      return parseJsonOutput(this.read(args));
    },
    /**
     * A command that changes something. `input` goes to its stdin (a secret's value); `prompt`
     * lets wrangler ask the person itself (a provider's key, typed without echo); `quiet` keeps
     * its output unless it fails.
     */
    change(args, { input, prompt = false, quiet = false } = {}) {
      print(`$ ${shown(args)}`);
      const stdin = input !== undefined ? 'pipe' : prompt ? 'inherit' : 'ignore';
      const stdout = quiet ? 'pipe' : 'inherit';
      const result = spawn(args, {
        stdio: [stdin, stdout, quiet ? 'pipe' : 'inherit'],
        ...(input !== undefined ? { input } : {}),
      });
      if (result.status !== 0) {
        const output = quiet ? `${result.stdout ?? ''}${result.stderr ?? ''}` : '';
        throw new WranglerError(args, result.status ?? 1, output);
      }
      return result.stdout ?? '';
    },
  };
}

// What the figures were measured on, and how busy the machine was meanwhile: the CPU time of
// the whole machine against that of this run's own processes (read from /proc on Linux).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { paths } from './paths.mjs';

const ticksPerSecond = 100; // USER_HZ on Linux

function osName() {
  try {
    const release = readFileSync('/etc/os-release', 'utf8');
    return release.match(/^PRETTY_NAME="?([^"\n]+)"?/m)?.[1] ?? os.type();
  } catch {
    return `${os.type()} ${os.release()}`;
  }
}

function git(args) {
  try {
    return execFileSync('git', args, { cwd: paths.repo, encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

export function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    ramGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: `${osName()} (${os.type()} ${os.release()}, ${os.arch()})`,
    node: process.version,
    loadAverageAtStart: os.loadavg().map((value) => Math.round(value * 100) / 100),
  };
}

export function revision() {
  const commit = git(['rev-parse', '--short', 'HEAD']);
  const dirty = git(['status', '--porcelain', '--', 'packages']) ?? '';
  return { commit, packagesChanged: dirty.length > 0 };
}

function readStat(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: fields start after the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return {
      ppid: Number(fields[1]),
      ticks: Number(fields[11]) + Number(fields[12]),
      // CPU time of its children that ended and were reaped (a browser's renderers end with
      // each page's context): the only place their time is left once they are gone.
      reaped: Number(fields[13]) + Number(fields[14]),
    };
  } catch {
    return null;
  }
}

function busyTicks() {
  try {
    const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
    const numbers = fields.map(Number);
    const total = numbers.slice(0, 8).reduce((a, b) => a + b, 0);
    return total - numbers[3] - numbers[4]; // less idle and iowait
  } catch {
    return null;
  }
}

/**
 * CPU ticks of this process and every process below it (browsers, wrangler, workerd), those
 * that have ended included: the difference of two readings is what the run used meanwhile.
 */
function ownTicks() {
  const table = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readStat(name);
    if (stat) table.set(Number(name), stat);
  }
  let total = 0;
  for (const [pid, stat] of table) {
    let cursor = pid;
    for (let depth = 0; depth < 20 && cursor > 1; depth += 1) {
      if (cursor === process.pid) {
        total += stat.ticks + stat.reaped;
        break;
      }
      cursor = table.get(cursor)?.ppid ?? 0;
    }
  }
  return total;
}

/**
 * Starts measuring; the returned function tells, in cores on average since then, how busy the
 * machine was, how much of that was this run, and how much was everybody else (other test
 * suites on a shared machine: the figures' noise).
 */
export function cpuMeter() {
  if (process.platform !== 'linux') return () => null;
  const started = performance.now();
  const busy = busyTicks();
  const own = ownTicks();
  return () => {
    const seconds = (performance.now() - started) / 1000;
    const busyNow = busyTicks();
    const ownDelta = ownTicks() - own;
    const cores = (ticks) => Math.round((ticks / ticksPerSecond / seconds) * 100) / 100;
    const machineCores = cores(busyNow - busy);
    const ownCores = cores(ownDelta);
    return {
      machine: machineCores,
      bench: ownCores,
      others: Math.max(0, Math.round((machineCores - ownCores) * 100) / 100),
    };
  };
}

/** CPU ticks of one process group (a server the bench started with `detached`). */
function groupTicks(pgid) {
  let total = 0;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const text = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid) total += Number(fields[11]) + Number(fields[12]);
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

/**
 * Waits until the servers (process groups) have used under 5 % of a core for a whole second:
 * the worker keeps working after it answered (sending mail, sealing records), and that must
 * not be charged to the next measurement. Gives up after `maxSeconds`.
 */
export async function waitIdle(pgids, maxSeconds = 60) {
  if (process.platform !== 'linux') return null;
  const started = performance.now();
  let previous = pgids.reduce((total, pgid) => total + groupTicks(pgid), 0);
  let quiet = 0;
  while ((performance.now() - started) / 1000 < maxSeconds) {
    await new Promise((done) => setTimeout(done, 250));
    const now = pgids.reduce((total, pgid) => total + groupTicks(pgid), 0);
    quiet = now - previous <= 0.05 * 0.25 * ticksPerSecond * 2 ? quiet + 1 : 0;
    previous = now;
    if (quiet >= 4) break;
  }
  return Math.round(performance.now() - started);
}

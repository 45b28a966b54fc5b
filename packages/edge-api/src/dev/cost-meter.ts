import type { Env } from '../env.js';
import { type D1Meter, meteredD1 } from '../store/metered-d1.js';

/**
 * What the worker's D1 calls cost since it started, for the bench (bench/lib/cost.mjs): round
 * trips, statements and D1's rows read and written, the work done in `waitUntil` included. Only
 * in development and only when `COST_METER` is `on`: production never wraps its bindings, and
 * without the meter `/dev/cost` is not answered here (the app's 404). It is no API route, so the
 * OpenAPI document does not list it.
 */
const tally = { roundTrips: 0, statements: 0, rowsRead: 0, rowsWritten: 0 };

const meter: D1Meter = ({ statements }) => {
  tally.roundTrips += 1;
  tally.statements += statements;
  return ({ rowsRead, rowsWritten }) => {
    tally.rowsRead += rowsRead;
    tally.rowsWritten += rowsWritten;
  };
};

const metered = new WeakMap<D1Database, D1Database>();

function meteredOnce(db: D1Database) {
  let wrapped = metered.get(db);
  if (!wrapped) {
    wrapped = meteredD1(db, meter);
    metered.set(db, wrapped);
  }
  return wrapped;
}

export function costMeterOn(env: Env) {
  return env.ENVIRONMENT === 'development' && env.COST_METER === 'on';
}

/** The env with every D1 binding (each shard, the directory) metered, one wrapper per binding. */
export function meteredEnv(env: Env): Env {
  const bindings: Record<string, unknown> = { ...env };
  for (const [name, value] of Object.entries(env)) {
    if (/^(DB(_\d+)?|DIRECTORY)$/.test(name) && value) {
      bindings[name] = meteredOnce(value as D1Database);
    }
  }
  return bindings as unknown as Env;
}

/** `GET /dev/cost`: the totals so far (the bench reads them before and after its requests). */
export function costAnswer(request: Request): Response | null {
  if (request.method !== 'GET' || new URL(request.url).pathname !== '/dev/cost') return null;
  return Response.json(tally, { headers: { 'cache-control': 'no-store' } });
}

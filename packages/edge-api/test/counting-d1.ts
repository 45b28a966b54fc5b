import { meteredD1 } from '../src/store/metered-d1.js';

/**
 * A D1 binding that counts round trips: every `first`, `all`, `run`, `raw`, `batch` and `exec`
 * is one request from the worker to the database, whatever it holds. Each trip also keeps how
 * many statements it carried and the rows D1 says they read and wrote (src/store/metered-d1.ts).
 */
export interface RoundTrip {
  /** `first`, `all`, `run`, `raw`, `batch of n` or `exec`, and the start of the SQL. */
  call: string;
  /** Made by work a request hands to `waitUntil` (sending its messages, sealing its records). */
  background: boolean;
  statements: number;
  /** D1's `meta.rows_read` and `meta.rows_written`, summed over the trip's results. */
  rowsRead: number;
  rowsWritten: number;
}

/**
 * The functions that `sendAndSealInBackground` and `sealInBackground` hand to `waitUntil`: a call
 * with one of them on its (async) stack runs after the answer. Renaming one makes its calls count
 * as the request's, so the test fails rather than passes wrongly.
 */
const backgroundWork =
  /\b(deliverOutboxMessages|deliverWrittenMessages|sealCoalesced|deliverDueWebhooks)\b/;

function inBackground() {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 100;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  return backgroundWork.test(stack);
}

export function countingD1(db: D1Database): D1Database & { roundTrips: RoundTrip[] } {
  const trips: RoundTrip[] = [];
  const counted = meteredD1(db, ({ call, statements }) => {
    const trip = { call, statements, background: inBackground(), rowsRead: 0, rowsWritten: 0 };
    trips.push(trip);
    return (cost) => Object.assign(trip, cost);
  });
  return Object.assign(counted, { roundTrips: trips });
}

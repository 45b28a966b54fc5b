/**
 * A D1 binding that counts round trips: every `first`, `all`, `run`, `raw`, `batch` and `exec`
 * is one request from the worker to the database, whatever it holds. A statement built on the
 * counting binding is passed to the real one unwrapped, so `batch` of counted statements works.
 */
export interface RoundTrip {
  /** `first`, `all`, `run`, `raw`, `batch of n` or `exec`, and the start of the SQL. */
  call: string;
  /** Made by work a request hands to `waitUntil` (sending its messages, sealing its records). */
  background: boolean;
}

/**
 * The functions that `sendAndSealInBackground` and `sealInBackground` hand to `waitUntil`: a call
 * with one of them on its (async) stack runs after the answer. Renaming one makes its calls count
 * as the request's, so the test fails rather than passes wrongly.
 */
const backgroundWork = /\b(deliverOutboxMessages|sealCoalesced|deliverDueWebhooks)\b/;

const originals = new WeakMap<object, D1PreparedStatement>();

function note(trips: RoundTrip[], call: string) {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 100;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  trips.push({ call, background: backgroundWork.test(stack) });
}

function countedStatement(statement: D1PreparedStatement, trips: RoundTrip[], sql: string) {
  const counted = {
    bind: (...values: unknown[]) => countedStatement(statement.bind(...values), trips, sql),
    first: (column?: string) => {
      note(trips, `first ${sql}`);
      return column === undefined ? statement.first() : statement.first(column);
    },
    all: () => {
      note(trips, `all ${sql}`);
      return statement.all();
    },
    run: () => {
      note(trips, `run ${sql}`);
      return statement.run();
    },
    raw: (options?: { columnNames?: boolean }) => {
      note(trips, `raw ${sql}`);
      return statement.raw(options as { columnNames: true });
    },
  } as unknown as D1PreparedStatement;
  originals.set(counted, statement);
  return counted;
}

const brief = (query: string) => query.replace(/\s+/g, ' ').trim().slice(0, 70);

export function countingD1(db: D1Database): D1Database & { roundTrips: RoundTrip[] } {
  const trips: RoundTrip[] = [];
  return {
    roundTrips: trips,
    prepare: (query: string) => countedStatement(db.prepare(query), trips, brief(query)),
    batch: (statements: D1PreparedStatement[]) => {
      note(trips, `batch of ${statements.length}`);
      return db.batch(statements.map((statement) => originals.get(statement) ?? statement));
    },
    exec: (query: string) => {
      note(trips, `exec ${brief(query)}`);
      return db.exec(query);
    },
    dump: () => db.dump(),
    withSession: () => {
      throw new Error('the counting binding does not count sessions');
    },
  } as unknown as D1Database & { roundTrips: RoundTrip[] };
}

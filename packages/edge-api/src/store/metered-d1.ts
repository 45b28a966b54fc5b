/**
 * A D1 binding that tells a meter about every round trip and what it cost: how many statements it
 * carried and the rows D1 says they read and wrote (`meta.rows_read` / `meta.rows_written`, a
 * batch's results summed). Used by the round-trips test and by the development-only cost counter
 * (routes/dev-cost.ts); production never wraps its binding.
 *
 * `first` is sent as `all` (the same query, the same rows read) so that its meta can be counted.
 */
export interface D1Call {
  /** `first`, `all`, `run`, `raw`, `batch of n` or `exec`, and the start of the SQL. */
  call: string;
  statements: number;
}

export interface D1Cost {
  rowsRead: number;
  rowsWritten: number;
}

/** Called when a round trip starts (synchronously, on the caller's stack); its answer when it ends. */
export type D1Meter = (call: D1Call) => (cost: D1Cost) => void;

const originals = new WeakMap<object, D1PreparedStatement>();

function costOf(results: readonly (D1Result | D1ExecResult | undefined)[]): D1Cost {
  let rowsRead = 0;
  let rowsWritten = 0;
  for (const result of results) {
    const meta = (result as D1Result | undefined)?.meta;
    rowsRead += meta?.rows_read ?? 0;
    rowsWritten += meta?.rows_written ?? 0;
  }
  return { rowsRead, rowsWritten };
}

async function measured<T>(
  meter: D1Meter,
  call: D1Call,
  run: () => Promise<T>,
  results: (value: T) => readonly (D1Result | undefined)[],
): Promise<T> {
  const done = meter(call);
  const value = await run();
  done(costOf(results(value)));
  return value;
}

function meteredStatement(statement: D1PreparedStatement, meter: D1Meter, sql: string) {
  const one = (call: string) => ({ call: `${call} ${sql}`, statements: 1 });
  const metered = {
    bind: (...values: unknown[]) => meteredStatement(statement.bind(...values), meter, sql),
    first: async (column?: string) => {
      const { results } = await measured(
        meter,
        one('first'),
        () => statement.all<Record<string, unknown>>(),
        (result) => [result],
      );
      const row = results[0] ?? null;
      if (column === undefined || row === null) return row;
      if (!(column in row)) throw new Error(`D1_COLUMN_NOTFOUND: Column not found (${column})`);
      return row[column];
    },
    all: () =>
      measured(
        meter,
        one('all'),
        () => statement.all(),
        (result) => [result],
      ),
    run: () =>
      measured(
        meter,
        one('run'),
        () => statement.run(),
        (result) => [result],
      ),
    raw: (options?: { columnNames?: boolean }) =>
      // No meta comes with raw rows: the trip is counted, its rows are not.
      measured(
        meter,
        one('raw'),
        () => statement.raw(options as { columnNames: true }),
        () => [],
      ),
  } as unknown as D1PreparedStatement;
  originals.set(metered, statement);
  return metered;
}

const brief = (query: string) => query.replace(/\s+/g, ' ').trim().slice(0, 70);

export function meteredD1(db: D1Database, meter: D1Meter): D1Database {
  return {
    prepare: (query: string) => meteredStatement(db.prepare(query), meter, brief(query)),
    batch: (statements: D1PreparedStatement[]) =>
      measured(
        meter,
        { call: `batch of ${statements.length}`, statements: statements.length },
        () => db.batch(statements.map((statement) => originals.get(statement) ?? statement)),
        (results) => results,
      ),
    exec: (query: string) =>
      measured(
        meter,
        {
          call: `exec ${brief(query)}`,
          statements: query.split(';').filter((s) => s.trim()).length,
        },
        () => db.exec(query),
        () => [],
      ),
    dump: () => db.dump(),
    withSession: () => {
      throw new Error('a metered binding does not meter sessions');
    },
  } as unknown as D1Database;
}

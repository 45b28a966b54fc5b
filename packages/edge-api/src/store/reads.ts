/**
 * A query a service needs answered, kept apart from when it is sent: several reads go to D1
 * together in one round trip (`readTogether`), so that a public write costs one read and one
 * batch (issue 13; the round-trips test holds every route to its figure).
 */
export interface Read<T> {
  statement: D1PreparedStatement;
  parse(result: D1Result): T;
}

/** A value in SQL, given or found by a subquery (e.g. the site of the request a token names). */
export interface SqlValue {
  sql: string;
  binds: unknown[];
}

/** An id given as a string becomes a bound parameter; a value in SQL stays as it is. */
export const asSql = (value: string | SqlValue): SqlValue =>
  typeof value === 'string' ? { sql: '?', binds: [value] } : value;

/** `site_id = … AND subject_id = …`: the rows of one person on one site, in any table. */
export function ofPerson(siteId: string | SqlValue, subjectId: string | SqlValue): SqlValue {
  const site = asSql(siteId);
  const subject = asSql(subjectId);
  return {
    sql: `site_id = ${site.sql} AND subject_id = ${subject.sql}`,
    binds: [...site.binds, ...subject.binds],
  };
}

/** A list in SQL, for `IN`: given values, or the one value of `asSql`. */
export function listOf(values: string[] | string | SqlValue): SqlValue {
  if (Array.isArray(values)) {
    return { sql: '(SELECT value FROM json_each(?))', binds: [JSON.stringify(values)] };
  }
  const value = asSql(values);
  return { sql: `(${value.sql})`, binds: value.binds };
}

/** What each read of a list finds, in order. */
export type Answers<T extends readonly Read<unknown>[]> = {
  -readonly [K in keyof T]: T[K] extends Read<infer R> ? R : never;
};

/** The first row, mapped, or null. */
export function readOne<Row, T>(
  statement: D1PreparedStatement,
  map: (row: Row) => T,
): Read<T | null> {
  return {
    statement,
    parse: (result) => {
      const row = (result.results as Row[])[0];
      return row === undefined ? null : map(row);
    },
  };
}

/** Every row, mapped. */
export function readMany<Row, T>(statement: D1PreparedStatement, map: (row: Row) => T): Read<T[]> {
  return { statement, parse: (result) => (result.results as Row[]).map(map) };
}

/** One round trip for all of them (a batch is one request to D1, run as one transaction). */
export async function readTogether<T extends readonly Read<unknown>[]>(
  db: D1Database,
  reads: T,
): Promise<Answers<T>> {
  const results =
    reads.length === 1 && reads[0]
      ? [await reads[0].statement.all()]
      : await db.batch(reads.map((read) => read.statement));
  return reads.map((read, i) => read.parse(results[i] as D1Result)) as Answers<T>;
}

/** A single read, for callers that need nothing else. */
export async function readAlone<T>(db: D1Database, read: Read<T>): Promise<T> {
  const [answer] = await readTogether(db, [read] as const);
  return answer as T;
}

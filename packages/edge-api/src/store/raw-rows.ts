/**
 * A statement's rows as objects, built here from D1's arrays (`raw` with column names) rather
 * than by the D1 client's `all`: that one spent more of an import call's sampled time turning the
 * sequencer's 1,000 rows of 29 columns into objects than the worker spent hashing them
 * (bench/import-profile.mjs, issue 23). Every object gets its keys in the same order, so they
 * share one shape.
 */
export async function rowsOf<T>(statement: D1PreparedStatement): Promise<T[]> {
  const [columns, ...rows] = await statement.raw<unknown[]>({ columnNames: true });
  if (!columns) return [];
  const names = columns as string[];
  return rows.map((row) => {
    const object: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i += 1) object[names[i] as string] = row[i];
    return object as T;
  });
}

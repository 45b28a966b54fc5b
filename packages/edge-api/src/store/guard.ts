/**
 * A condition that later statements of a D1 batch repeat, so that they all take effect or none
 * does, decided inside the batch's transaction (e.g. "the rate-limit ticket was granted").
 */
export interface Guard {
  sql: string;
  binds: unknown[];
}

export const always: Guard = { sql: '1', binds: [] };

export function allOf(...guards: Guard[]): Guard {
  return {
    sql: guards.map((guard) => `(${guard.sql})`).join(' AND '),
    binds: guards.flatMap((guard) => guard.binds),
  };
}

/** Reads, as the last statement of a batch, whether `guard` holds after the batch's writes. */
export function guardHolds(db: D1Database, guard: Guard) {
  return db
    .prepare(`SELECT CASE WHEN ${guard.sql} THEN 1 ELSE 0 END AS holds`)
    .bind(...guard.binds);
}

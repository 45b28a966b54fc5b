import { shardTag } from '../crypto/shard-tags.js';
import type { Env } from '../env.js';

/** Which shard a database is, as the last `shardDatabases` call saw it; 0 when none has. */
const shardNumbers = new WeakMap<D1Database, number>();

/**
 * The D1 databases (shards) of a deployment: `DB` is shard 0, where every site made before
 * shards existed lives, then `DB_1`, `DB_2`, … without a gap. Once a request or a cron pass is
 * handed to a shard, its env's `DB` is that shard and `DB_0` keeps shard 0, so the list can still
 * be read from it (decision 0009). Below the routing nothing else knows there is more than one.
 */
export function shardDatabases(env: Env): D1Database[] {
  const bindings = env as unknown as Record<string, D1Database | undefined>;
  const all = [env.DB_0 ?? env.DB];
  for (let db = bindings.DB_1; db; db = bindings[`DB_${all.length}`]) all.push(db);
  for (const [shard, db] of all.entries()) shardNumbers.set(db, shard);
  return all;
}

/** The env of one shard: `DB` is that shard's database; every other binding stays as it is. */
export function shardEnv(env: Env, shard: number): Env | null {
  const all = shardDatabases(env);
  const db = all[shard];
  return db ? { ...env, DB: db, DB_0: all[0] } : null;
}

/**
 * What a credential or link token of this database starts with (crypto/shard-tags.ts): the
 * services that hand out tokens know only their `db`, and this is all they learn of shards.
 */
export function shardTagOf(db: D1Database): string {
  return shardTag(shardNumbers.get(db) ?? 0);
}

/** A token with its shard's tag in front. */
export const withShardTag = (db: D1Database, token: string) => `${shardTagOf(db)}${token}`;

import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { rowsOf } from './raw-rows.js';

const values = `SELECT 1 AS n, 'a' AS text, NULL AS empty, x'00ff' AS bytes
                UNION ALL SELECT 2, 'b', NULL, x'01'`;

describe('rowsOf', () => {
  it("gives the same objects as D1's all, keys in the statement's order", async () => {
    const statement = () => env.DB.prepare(`${values} ORDER BY n`);
    const { results } = await statement().all();
    const rows = await rowsOf<Record<string, unknown>>(statement());
    expect(rows).toEqual(results);
    expect(rows.map((row) => Object.keys(row))).toEqual([
      ['n', 'text', 'empty', 'bytes'],
      ['n', 'text', 'empty', 'bytes'],
    ]);
  });

  it('gives no objects for no rows, and takes bound values', async () => {
    const statement = env.DB.prepare(`SELECT * FROM (${values}) WHERE n > ?`);
    expect(await rowsOf(statement.bind(2))).toEqual([]);
    expect(await rowsOf<{ n: number }>(statement.bind(1))).toMatchObject([{ n: 2, text: 'b' }]);
  });
});

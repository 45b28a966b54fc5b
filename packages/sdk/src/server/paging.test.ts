import { describe, expect, it } from 'vitest';
import { signedLog } from '../records/signed-log.js';
import { createSignetAdmin } from './admin-client.js';

// Signatures do not matter here: paging hands records on unchecked.
const log = await signedLog(15, 'key-a', () => 'sig');
const record = (seq: number) => log.records[seq - 1];

/** A fake API: three pages of the log or the events, and the URLs asked for. */
function pagedApi(pages: Record<string, unknown>, failOn?: string) {
  const asked: string[] = [];
  const fetch = async (input: RequestInfo | URL) => {
    const url = new URL(String(input));
    const key = `${url.pathname}${url.search}`;
    asked.push(key);
    if (key === failOn)
      return Response.json(
        { error: { code: 'internal', message: 'down', field: null, requestId: 'req_x' } },
        { status: 500 },
      );
    const page = pages[key];
    return page ? Response.json(page) : Response.json({}, { status: 404 });
  };
  const admin = createSignetAdmin({
    endpoint: 'https://signet.test',
    site: 'shop',
    apiKey: 'sk_test',
    fetch: fetch as typeof globalThis.fetch,
    maxRetries: 0,
  });
  return { admin, asked };
}

describe('for await over every page', () => {
  it('allRecords follows `next` over three pages from `since`', async () => {
    const { admin, asked } = pagedApi({
      '/v1/records?since=10': { records: [record(11), record(12)], next: 12 },
      '/v1/records?since=12': { records: [record(13), record(14)], next: 14 },
      '/v1/records?since=14': { records: [record(15)], next: null },
    });
    const seqs: number[] = [];
    for await (const item of admin.allRecords({ since: 10 })) {
      if (!item.ok) throw new Error(item.error.message);
      seqs.push(item.value.record.seq);
    }
    expect(seqs).toEqual([11, 12, 13, 14, 15]);
    expect(asked).toEqual(['/v1/records?since=10', '/v1/records?since=12', '/v1/records?since=14']);
  });

  it('allEvents follows `next` as `before` over three pages, newest first', async () => {
    const event = (at: string) => ({
      id: `e-${at}`,
      keyId: 'key_1',
      sessionId: null,
      action: 'site.update',
      target: null,
      status: 200,
      at,
    });
    const { admin, asked } = pagedApi({
      '/v1/admin/events?limit=2': {
        events: [event('2026-12-03'), event('2026-12-02')],
        next: '2026-12-02T00:00:00.000Z',
      },
      '/v1/admin/events?before=2026-12-02T00%3A00%3A00.000Z&limit=2': {
        events: [event('2026-12-01'), event('2026-11-30')],
        next: '2026-11-30T00:00:00.000Z',
      },
      '/v1/admin/events?before=2026-11-30T00%3A00%3A00.000Z&limit=2': {
        events: [event('2026-11-29')],
        next: null,
      },
    });
    const items = [];
    for await (const item of admin.allEvents({ limit: 2 })) items.push(item);
    expect(asked).toHaveLength(3);
    expect(items.every((item) => item.ok)).toBe(true);
    expect(items).toHaveLength(5);
  });

  it('a page that fails ends the iteration with its error, after what came before', async () => {
    const { admin } = pagedApi(
      {
        '/v1/records?since=0': { records: [record(1)], next: 1 },
        '/v1/records?since=1': { records: [record(2)], next: 2 },
      },
      '/v1/records?since=2',
    );
    const items = [];
    for await (const item of admin.allRecords({ since: 0 })) items.push(item);
    expect(items.slice(0, 2).map((item) => item.ok)).toEqual([true, true]);
    expect(items[2]).toMatchObject({
      ok: false,
      error: { code: 'internal', status: 500, requestId: 'req_x' },
    });
    expect(items).toHaveLength(3);
  });
});

/** One erasure as the shred log keeps it: ids and a time, nothing that names the person. */
export interface ShredEntry {
  site: string;
  subject: string;
  at: string;
}

const prefix = 'shred:';

export function writeShredEntry(kv: KVNamespace, entry: ShredEntry) {
  return kv.put(`${prefix}${entry.site}:${entry.subject}`, JSON.stringify(entry));
}

/** Every entry, page by page (KV lists at most 1,000 keys a call). */
export async function* listShredEntries(kv: KVNamespace): AsyncGenerator<ShredEntry> {
  let cursor: string | undefined;
  do {
    const page = await kv.list({ prefix, ...(cursor ? { cursor } : {}) });
    for (const key of page.keys) {
      const value = await kv.get(key.name);
      if (value) yield JSON.parse(value) as ShredEntry;
    }
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
}

/** One erasure as the shred log keeps it: ids and a time, nothing that names the person. */
export interface ShredEntry {
  site: string;
  subject: string;
  /** Null for an entry written before the time was kept in the key's metadata. */
  at: string | null;
}

const prefix = 'shred:';
/** Where the pass over the log goes on from; outside `prefix`, so never listed as an entry. */
const cursorKey = 'cursor:shred-log';

/**
 * The key names the erasure and its metadata holds the time, so a listing alone yields whole
 * entries (no read per entry). The value repeats them for whoever reads the namespace by hand.
 */
export function writeShredEntry(
  kv: KVNamespace,
  entry: { site: string; subject: string; at: string },
) {
  return kv.put(`${prefix}${entry.site}:${entry.subject}`, JSON.stringify(entry), {
    metadata: { at: entry.at },
  });
}

function entryOf(key: KVNamespaceListKey<unknown>): ShredEntry | null {
  const name = key.name.slice(prefix.length);
  // Subject ids hold no colon; a site id might.
  const split = name.lastIndexOf(':');
  if (split <= 0) return null;
  const at = (key.metadata as { at?: unknown } | null)?.at;
  return {
    site: name.slice(0, split),
    subject: name.slice(split + 1),
    at: typeof at === 'string' ? at : null,
  };
}

/** One page of entries from `cursor` (null: the start) and the cursor after it (null: the end). */
export async function listShredPage(kv: KVNamespace, cursor: string | null, limit: number) {
  const page = await kv.list({ prefix, limit, ...(cursor ? { cursor } : {}) });
  return {
    entries: page.keys.map(entryOf).filter((entry) => entry !== null),
    next: page.list_complete ? null : page.cursor,
  };
}

/** The time of an entry written before it was kept in the metadata (one read). */
export async function shredEntryTime(kv: KVNamespace, entry: ShredEntry) {
  const value = await kv.get(`${prefix}${entry.site}:${entry.subject}`);
  const at = value ? (JSON.parse(value) as { at?: unknown }).at : null;
  return typeof at === 'string' ? at : null;
}

export function readShredCursor(kv: KVNamespace) {
  return kv.get(cursorKey);
}

export function writeShredCursor(kv: KVNamespace, cursor: string | null) {
  return cursor === null ? kv.delete(cursorKey) : kv.put(cursorKey, cursor);
}

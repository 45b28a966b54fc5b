/**
 * Many rows go to D1 as one JSON array bound to one parameter (`json_each`): D1 binds at most
 * 100 parameters and takes a value of at most 2 MB, so a long list is cut into arrays of at most
 * `maxBytes` of JSON each. A statement over such a list names it first in a `CROSS JOIN`, which
 * SQLite keeps as the outer loop: otherwise it may scan the whole table once per list (the
 * import bench's calls grew slower with every call until it did).
 */
export function jsonChunks(rows: readonly unknown[], maxBytes = 512 * 1024): string[] {
  const chunks: string[] = [];
  let current: string[] = [];
  let size = 2;
  for (const row of rows) {
    const json = JSON.stringify(row);
    if (current.length > 0 && size + json.length + 1 > maxBytes) {
      chunks.push(`[${current.join(',')}]`);
      current = [];
      size = 2;
    }
    current.push(json);
    size += json.length + 1;
  }
  if (current.length > 0) chunks.push(`[${current.join(',')}]`);
  return chunks;
}

/**
 * The page a consent was given on, as kept in the request and its signed records: origin and
 * path only. Query strings and fragments often carry addresses or tracking ids, and a signed
 * record can never be changed afterwards.
 */
export function pageWithoutQuery(pageUrl: string): string {
  const url = new URL(pageUrl);
  return `${url.origin}${url.pathname.slice(0, maxPath)}`;
}

/** Paths longer than this are cut: a record is signed once and kept for years. */
export const maxPath = 512;

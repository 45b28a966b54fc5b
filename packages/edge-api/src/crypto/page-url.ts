/**
 * The page a consent was given on, as kept in the request and its signed records: origin and
 * path only. Query strings and fragments often carry addresses or tracking ids, and a signed
 * record can never be changed afterwards.
 */
export function pageWithoutQuery(pageUrl: string): string {
  const url = new URL(pageUrl);
  return `${url.origin}${url.pathname}`;
}

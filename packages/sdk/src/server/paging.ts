import type { Result } from '../contract/errors.js';

/**
 * Every item of a paged list, page after page, for `for await`. Each item comes as a
 * {@link Result}: a page that fails ends the iteration with one `{ ok: false, error }`, so a
 * caller sees how far it got and the SDK still never throws (except when your signal aborts).
 *
 * `fetchPage(cursor)` gets the page after `cursor` (undefined: the first); `itemsOf` and `nextOf`
 * read a page; a null cursor means it was the last.
 */
export async function* everyItem<Page, Item, Cursor>(
  fetchPage: (cursor: Cursor | undefined) => Promise<Result<Page>>,
  itemsOf: (page: Page) => readonly Item[],
  nextOf: (page: Page) => Cursor | null,
  first?: Cursor,
): AsyncGenerator<Result<Item>, void, undefined> {
  let cursor: Cursor | undefined = first;
  for (;;) {
    const page = await fetchPage(cursor);
    if (!page.ok) {
      yield page;
      return;
    }
    for (const item of itemsOf(page.value)) yield { ok: true, value: item };
    const next = nextOf(page.value);
    // A cursor that does not move would page forever.
    if (next === null || next === cursor) return;
    cursor = next;
  }
}

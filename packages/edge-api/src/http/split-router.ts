import type { Result, Router } from 'hono/router';
import { RegExpRouter } from 'hono/router/reg-exp-router';
import { SmartRouter } from 'hono/router/smart-router';
import { TrieRouter } from 'hono/router/trie-router';

/** The console's API: its paths, and only they, are matched apart. */
const apart = '/v1/admin';

const isApartPath = (path: string) => path === apart || path.startsWith(`${apart}/`);

/** What a route's pattern fixes before its first parameter or wildcard. */
const literalPrefix = (pattern: string) => pattern.split(/[:*]/, 1)[0] ?? '';

/**
 * Hono's RegExpRouter matches in one regular expression, but refuses a literal segment beside a
 * parameter (`DELETE /v1/admin/sessions/current` and `/:id`), and then Hono's SmartRouter takes
 * the slower TrieRouter for every path (issue 23: 2 ms of a consent request's profile). The
 * console's paths get a router of their own, so that the rest, consent requests and
 * confirmations among them, is matched by RegExpRouter. Each route goes, in the order it was
 * added, to every router whose paths it can match: the handlers a path finds, and their order,
 * are the same as with one router.
 */
export class SplitRouter<T> implements Router<T> {
  name = 'SplitRouter';
  readonly main: Router<T> = new SmartRouter({ routers: [new RegExpRouter(), new TrieRouter()] });
  readonly console: Router<T> = new SmartRouter({
    routers: [new RegExpRouter(), new TrieRouter()],
  });

  add(method: string, path: string, handler: T) {
    const prefix = literalPrefix(path);
    // A pattern that fixes less than the console's prefix (`/*`, `/v1/*`) may match both.
    if (prefix.startsWith(apart) || apart.startsWith(prefix))
      this.console.add(method, path, handler);
    if (!(isApartPath(prefix) && (prefix !== apart || path === apart))) {
      this.main.add(method, path, handler);
    }
  }

  match(method: string, path: string): Result<T> {
    return (isApartPath(path) ? this.console : this.main).match(method, path);
  }
}

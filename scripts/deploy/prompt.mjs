// Questions on the terminal, for a deploy run by a person (no --yes). Secrets are never asked
// here: wrangler asks for those itself, without echo.
import { createInterface } from 'node:readline/promises';

export function createPrompter(input = process.stdin, output = process.stdout) {
  const lines = createInterface({ input, output });
  return {
    /** Asks until `isValid` accepts the answer; an empty answer takes `fallback` if there is one. */
    async ask(question, isValid, fallback) {
      for (;;) {
        const hint = fallback ? ` [${fallback}]` : '';
        const answer = (await lines.question(`${question}${hint}: `)).trim() || fallback || '';
        if (answer && isValid(answer)) return answer;
        output.write('  That does not look right; try again.\n');
      }
    },
    /** Like `ask`, but an empty answer is allowed and means none. */
    async askOptional(question) {
      return (await lines.question(`${question}: `)).trim() || undefined;
    },
    async confirm(question) {
      return /^y(es)?$/i.test((await lines.question(`${question} [y/N] `)).trim());
    },
    close: () => lines.close(),
  };
}

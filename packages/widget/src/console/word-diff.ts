export interface DiffPart {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

/** Words and the space after them, so a diff keeps the text's own spacing. */
const tokens = (text: string) => text.match(/\S+\s*|\s+/g) ?? [];

/**
 * A word-level diff (longest common subsequence): what an owner sees before publishing a new
 * wording, so a changed word in a consent text cannot slip through unseen. Texts are at most a
 * few hundred words, so the quadratic table is small.
 */
export function wordDiff(before: string, after: string): DiffPart[] {
  const a = tokens(before).map((text) => ({ text, word: text.trim() }));
  const b = tokens(after).map((text) => ({ text, word: text.trim() }));
  const width = b.length + 1;
  // common[i * width + j]: length of the longest common run of a[i..] and b[j..].
  const common = new Uint16Array((a.length + 1) * width);
  const at = (i: number, j: number) => common[i * width + j] ?? 0;
  a.forEach((_, back) => {
    const i = a.length - 1 - back;
    for (let j = b.length - 1; j >= 0; j--) {
      common[i * width + j] =
        a[i]?.word === b[j]?.word ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1));
    }
  });
  const parts: DiffPart[] = [];
  const push = (kind: DiffPart['kind'], text = '') => {
    const last = parts.at(-1);
    if (last?.kind === kind) last.text += text;
    else parts.push({ kind, text });
  };
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i]?.word === b[j]?.word) {
      push('same', b[j++]?.text);
      i++;
    } else if (at(i + 1, j) >= at(i, j + 1)) push('removed', a[i++]?.text);
    else push('added', b[j++]?.text);
  }
  while (i < a.length) push('removed', a[i++]?.text);
  while (j < b.length) push('added', b[j++]?.text);
  return parts;
}

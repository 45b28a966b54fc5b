// Reading and editing wrangler.jsonc without losing its comments: the file explains itself to
// whoever deploys by hand, so edits replace single values in place instead of rewriting it.

/**
 * Copies `text`, asking `visit(i)` at each character outside a string literal: it returns `i` to
 * keep that character, or the index after the characters it drops.
 */
function scanOutsideStrings(text, visit) {
  let out = '';
  for (let i = 0; i < text.length; i += 1) {
    if (text[i] === '"') {
      const start = i;
      for (i += 1; i < text.length && text[i] !== '"'; i += 1) {
        if (text[i] === '\\') i += 1; // an escaped character, a quote among them
      }
      out += text.slice(start, i + 1);
    } else {
      const next = visit(i);
      if (next === i) out += text[i];
      else i = next - 1;
    }
  }
  return out;
}

function stripComments(text) {
  return scanOutsideStrings(text, (i) => {
    if (text.startsWith('//', i)) {
      const end = text.indexOf('\n', i);
      return end === -1 ? text.length : end;
    }
    if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      return end === -1 ? text.length : end + 2;
    }
    return i;
  });
}

/** The text without comments and trailing commas, so JSON.parse can read it. */
export function stripJsonc(text) {
  const plain = stripComments(text);
  return scanOutsideStrings(plain, (i) =>
    plain[i] === ',' && /^\s*[}\]]/.test(plain.slice(i + 1)) ? i + 1 : i,
  );
}

export function parseJsonc(text) {
  return JSON.parse(stripJsonc(text));
}

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Replaces `"key": "from"` by `"key": "to"`. Refuses (returns null) unless exactly one such pair
 * exists: a second match would mean the file has a shape this editor cannot tell apart.
 */
export function replaceStringValue(text, key, from, to) {
  const pattern = new RegExp(
    `(${escapeRegExp(JSON.stringify(key))}\\s*:\\s*)${escapeRegExp(JSON.stringify(from))}`,
    'g',
  );
  const matches = text.match(pattern) ?? [];
  if (matches.length !== 1) return null;
  return text.replace(pattern, (_, head) => `${head}${JSON.stringify(to)}`);
}

/**
 * Adds `"name": "value"` members at the start of the object under `key` (one such key in the
 * file, or null), indented one level deeper than the key's own line.
 */
export function insertIntoObject(text, key, members) {
  const pattern = new RegExp(`${escapeRegExp(JSON.stringify(key))}\\s*:\\s*\\{`, 'g');
  const found = [...text.matchAll(pattern)];
  if (found.length !== 1 || found[0] === undefined) return null;
  const open = found[0].index + found[0][0].length;
  const lineStart = text.lastIndexOf('\n', found[0].index) + 1;
  const indent = `${/^\s*/.exec(text.slice(lineStart))?.[0] ?? ''}  `;
  const empty = /^\s*\}/.test(stripJsonc(text.slice(open)));
  const lines = members.map(
    ([name, value], index) =>
      `\n${indent}${JSON.stringify(name)}: ${JSON.stringify(value)}${
        empty && index === members.length - 1 ? '' : ','
      }`,
  );
  return `${text.slice(0, open)}${lines.join('')}${text.slice(open)}`;
}

/**
 * Adds objects at the end of the array under `key` (one such key in the file, or null), after its
 * last object, each on a line of its own indented as that object's first line.
 */
export function appendToArray(text, key, items) {
  const pattern = new RegExp(`${escapeRegExp(JSON.stringify(key))}\\s*:\\s*\\[`, 'g');
  const found = [...text.matchAll(pattern)];
  if (found.length !== 1 || found[0] === undefined) return null;
  let depth = 1;
  let lastObjectEnd = -1;
  let lastObjectStart = -1;
  let closed = false;
  const start = found[0].index + found[0][0].length;
  scanOutsideStrings(text.slice(start), (i) => {
    if (closed) return i;
    const rest = text.slice(start + i);
    if (rest.startsWith('//')) {
      const end = rest.indexOf('\n');
      return end === -1 ? rest.length + i : i + end;
    }
    const char = rest[0];
    if (char === '{' || char === '[') {
      if (depth === 1 && char === '{') lastObjectStart = start + i;
      depth += 1;
    } else if (char === '}' || char === ']') {
      depth -= 1;
      if (depth === 1 && char === '}') lastObjectEnd = start + i + 1;
      if (depth === 0) closed = true;
    }
    return i;
  });
  if (!closed || lastObjectEnd === -1) return null;
  const lineStart = text.lastIndexOf('\n', lastObjectStart) + 1;
  const indent = /^\s*/.exec(text.slice(lineStart))?.[0] ?? '';
  const added = items.map((item) => `,\n${indent}${JSON.stringify(item)}`).join('');
  return `${text.slice(0, lastObjectEnd)}${added}${text.slice(lastObjectEnd)}`;
}

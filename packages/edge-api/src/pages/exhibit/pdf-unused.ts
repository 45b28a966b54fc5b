/**
 * What the worker's bundle puts in place of pdf-lib's image and SVG helpers (wrangler.jsonc
 * `alias`: @pdf-lib/upng, color, node-html-better-parser): the exhibit draws text and lines only,
 * and these took about 150 kB of the PDF code (bench: docs/performance.md). Anything that still
 * reaches them fails loudly instead of drawing something else.
 */
const unavailable = (): never => {
  throw new Error('PNG images, SVG and colour strings are not built into this worker');
};

// pdf-lib checks at load time that its PNG decoder has these two functions.
export default { decode: unavailable, toRGBA8: unavailable };
export const NodeType = {};
export const parse = unavailable;

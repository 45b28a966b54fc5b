import { type PDFDocument, type PDFFont, type PDFPage, rgb } from '@pdfme/pdf-lib';

/** A4 in points. */
export const a4 = { width: 595.28, height: 841.89 };
const margin = { top: 56, bottom: 64, left: 54, right: 54 };
const ink = rgb(0.106, 0.106, 0.122);
const grey = rgb(0.29, 0.29, 0.32);

export interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
  mono: PDFFont;
}

/**
 * Text the standard fonts (WinAnsi) can draw: every character is checked against the font's
 * character set; narrow and thin spaces (Intl puts them into French dates) become a no-break
 * space, and anything else that cannot be drawn is written visibly as [U+XXXX] and counted,
 * so that nothing is replaced silently and the document can say so.
 */
export class Encoder {
  readonly #drawable: Set<number>;
  replaced = 0;

  constructor(font: PDFFont) {
    this.#drawable = new Set(font.getCharacterSet());
  }

  encode(text: string): string {
    let out = '';
    for (const char of text.replace(/\r\n?/g, '\n')) {
      const code = char.codePointAt(0) ?? 0;
      // Line breaks are the writer's to make (wrap).
      if (this.#drawable.has(code) || char === '\n') out += char;
      else if (code === 0x202f || code === 0x2009 || code === 0x2007) out += '\u00a0';
      else if (char === '\t') out += '    ';
      else {
        this.replaced += 1;
        out += `[U+${code.toString(16).toUpperCase().padStart(4, '0')}]`;
      }
    }
    return out;
  }
}

const advances = new WeakMap<PDFFont, Map<string, number>>();

/**
 * A text's width at size 1, from each character's advance, measured once per font: the standard
 * fonts have no kerning here, so the sum is the width, and wrapping stays linear in the text.
 */
function measure(font: PDFFont, text: string): number {
  let known = advances.get(font);
  if (!known) {
    known = new Map();
    advances.set(font, known);
  }
  let width = 0;
  for (const char of text) {
    let advance = known.get(char);
    if (advance === undefined) {
      advance = font.widthOfTextAtSize(char, 1);
      known.set(char, advance);
    }
    width += advance;
  }
  return width;
}

/** Lines of at most `width` points: breaks at spaces, and inside words too long for a line. */
export function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const room = width / size;
  const space = measure(font, ' ');
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    let used = 0;
    for (const word of paragraph.split(' ')) {
      const wordWidth = measure(font, word);
      if (line && used + space + wordWidth <= room) {
        line += ` ${word}`;
        used += space + wordWidth;
        continue;
      }
      if (line) lines.push(line);
      if (wordWidth <= room) {
        line = word;
        used = wordWidth;
        continue;
      }
      line = '';
      used = 0;
      for (const char of word) {
        const advance = measure(font, char);
        if (line && used + advance > room) {
          lines.push(line);
          line = '';
          used = 0;
        }
        line += char;
        used += advance;
      }
    }
    lines.push(line);
  }
  return lines;
}

/** Writes blocks of text down A4 pages, starting a new page when a block does not fit. */
export class PdfWriter {
  readonly pages: PDFPage[] = [];
  #page!: PDFPage;
  #y = 0;
  readonly width = a4.width - margin.left - margin.right;

  constructor(
    readonly doc: PDFDocument,
    readonly fonts: Fonts,
    readonly encoder: Encoder,
  ) {
    this.newPage();
  }

  newPage() {
    this.#page = this.doc.addPage([a4.width, a4.height]);
    this.pages.push(this.#page);
    this.#y = a4.height - margin.top;
  }

  #room(height: number) {
    if (this.#y - height < margin.bottom) this.newPage();
  }

  gap(points: number) {
    this.#y -= points;
  }

  /** A block of wrapped text kept on one page when it fits on one (headings, rows, records). */
  text(
    text: string,
    options: {
      font?: PDFFont;
      size?: number;
      indent?: number;
      color?: 'ink' | 'grey';
      keepWithNext?: number;
    } = {},
  ) {
    const font = options.font ?? this.fonts.regular;
    const size = options.size ?? 10;
    const indent = options.indent ?? 0;
    const leading = size * 1.35;
    const lines = wrap(this.encoder.encode(text), font, size, this.width - indent);
    const height = lines.length * leading;
    const page = a4.height - margin.top - margin.bottom;
    if (height <= page) this.#room(height + (options.keepWithNext ?? 0));
    for (const line of lines) {
      this.#room(leading);
      this.#y -= leading;
      this.#page.drawText(line, {
        x: margin.left + indent,
        y: this.#y + size * 0.25,
        size,
        font,
        color: options.color === 'grey' ? grey : ink,
      });
    }
  }

  heading(text: string, level: 1 | 2 | 3) {
    const size = level === 1 ? 18 : level === 2 ? 13.5 : 11;
    this.gap(level === 1 ? 0 : level === 2 ? 12 : 6);
    this.text(text, { font: this.fonts.bold, size, keepWithNext: 36 });
    this.gap(3);
  }

  /** A label and its value side by side; the row moves whole to the next page when it must. */
  row(label: string, value: string, options: { mono?: boolean } = {}) {
    const size = 9.5;
    const leading = size * 1.35;
    const labelWidth = this.width * 0.3;
    const valueFont = options.mono ? this.fonts.mono : this.fonts.regular;
    const valueSize = options.mono ? 8 : size;
    const labels = wrap(this.encoder.encode(label), this.fonts.bold, size, labelWidth - 8);
    const values = wrap(this.encoder.encode(value), valueFont, valueSize, this.width - labelWidth);
    const height = Math.max(labels.length, values.length) * leading + 4;
    this.#room(height);
    const top = this.#y;
    labels.forEach((line, i) => {
      this.#page.drawText(line, {
        x: margin.left,
        y: top - (i + 1) * leading + size * 0.25,
        size,
        font: this.fonts.bold,
        color: ink,
      });
    });
    values.forEach((line, i) => {
      this.#page.drawText(line, {
        x: margin.left + labelWidth,
        y: top - (i + 1) * leading + size * 0.25,
        size: valueSize,
        font: valueFont,
        color: ink,
      });
    });
    this.#y = top - height;
    this.#page.drawLine({
      start: { x: margin.left, y: this.#y + 2 },
      end: { x: margin.left + this.width, y: this.#y + 2 },
      thickness: 0.4,
      color: rgb(0.8, 0.8, 0.84),
    });
  }

  /** "Seite 1 von 3" at the foot of every page, once all pages exist. */
  numberPages(label: (n: number, of: number) => string) {
    this.pages.forEach((page, index) => {
      const text = this.encoder.encode(label(index + 1, this.pages.length));
      const size = 8.5;
      const width = measure(this.fonts.regular, text) * size;
      page.drawText(text, {
        x: a4.width - margin.right - width,
        y: margin.bottom / 2,
        size,
        font: this.fonts.regular,
        color: grey,
      });
    });
  }
}

/**
 * CSV as the newsletter tools write it (RFC 4180 quoting; comma, semicolon or tab; a UTF-8 byte
 * order mark from Excel), read record by record: a file is never held whole.
 */

const bom = '\uFEFF';

/** The separator of a file, from its header line: the one that occurs most outside quotes. */
export function detectDelimiter(headerLine: string): ',' | ';' | '\t' {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const char of headerLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && char in counts) counts[char as keyof typeof counts] += 1;
  }
  const [best] = (Object.entries(counts) as [',' | ';' | '\t', number][]).sort(
    (a, b) => b[1] - a[1],
  );
  return best && best[1] > 0 ? best[0] : ',';
}

/**
 * Cuts text that arrives in pieces into whole CSV records (a quoted field may hold line breaks),
 * each returned with its line break removed. Call `push` with each piece and `end` at the end.
 */
export class CsvRecordSplitter {
  #pending = '';
  #quoted = false;
  #first = true;

  push(piece: string): string[] {
    let fresh = piece;
    if (this.#first && fresh.length > 0) {
      if (fresh.startsWith(bom)) fresh = fresh.slice(1);
      this.#first = false;
    }
    const text = this.#pending + fresh;
    const records: string[] = [];
    let start = 0;
    for (let i = this.#pending.length; i < text.length; i += 1) {
      const char = text[i];
      if (char === '"') this.#quoted = !this.#quoted;
      else if (char === '\n' && !this.#quoted) {
        const end = i > start && text[i - 1] === '\r' ? i - 1 : i;
        records.push(text.slice(start, end));
        start = i + 1;
      }
    }
    this.#pending = text.slice(start);
    return records;
  }

  end(): string[] {
    const rest = this.#pending.replace(/\r$/, '');
    this.#pending = '';
    return rest.length > 0 ? [rest] : [];
  }
}

/** The fields of one record (an opening quote runs to its closing quote; `""` is a quote). */
export function parseCsvRecord(record: string, delimiter: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < record.length; i += 1) {
    const char = record[i];
    if (quoted) {
      if (char === '"' && record[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === delimiter) {
      fields.push(field);
      field = '';
    } else field += char;
  }
  fields.push(field);
  return fields;
}

/** A whole CSV text (one call's worth) as its header and its records' fields. */
export function parseCsv(text: string): { header: string[]; rows: string[][] } {
  const splitter = new CsvRecordSplitter();
  const records = [...splitter.push(text), ...splitter.end()];
  const [headerLine = '', ...lines] = records;
  const delimiter = detectDelimiter(headerLine);
  return {
    header: parseCsvRecord(headerLine, delimiter).map((name) => name.trim()),
    rows: lines.filter((line) => line.trim() !== '').map((line) => parseCsvRecord(line, delimiter)),
  };
}

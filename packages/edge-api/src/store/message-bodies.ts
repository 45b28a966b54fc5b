/**
 * A kept message's text and HTML as stored since migration 0030: one deflate-raw stream of their
 * JSON, so the HTML, which repeats the text, costs little more than the text (issue 23). Since
 * migration 0032 the subject line goes into the same stream (`[text, html, subject]`), where it
 * repeats the text too, and the row's `subject` is ''; since migration 0037 the stream is not JSON
 * (`deflateBody`). Rows from before have `body_deflated` NULL
 * and their bodies in `text_body` and `html_body` as sent, or a stream of `[text, html]` and
 * their subject in `subject`.
 */
export interface MessageBody {
  text: string;
  html: string;
}

export interface StoredMessage extends MessageBody {
  subject: string;
}

async function drain(stream: ReadableStream<Uint8Array>) {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * Since migration 0037 the three parts are joined by NUL after a 0x01 byte instead of JSON (issue
 * 23: the HTML's quotes and line breaks are not escaped, about 10 bytes less a message after
 * deflate). A stream of JSON starts with `[`; a part holding a NUL is kept as JSON.
 */
const joined = '\u0001';
const separator = '\u0000';

export function deflateBody(body: StoredMessage) {
  const parts = [body.text, body.html, body.subject];
  const plain = parts.some((part) => part.includes(separator))
    ? JSON.stringify(parts)
    : joined + parts.join(separator);
  return drain(new Blob([plain]).stream().pipeThrough(new CompressionStream('deflate-raw')));
}

export async function inflateBody(
  deflated: ArrayBuffer | Uint8Array,
): Promise<MessageBody & { subject?: string }> {
  const bytes = deflated instanceof Uint8Array ? deflated : new Uint8Array(deflated);
  const inflated = await drain(
    new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw')),
  );
  const plain = new TextDecoder().decode(inflated);
  const [text = '', html = '', subject] = (
    plain.startsWith(joined) ? plain.slice(1).split(separator) : JSON.parse(plain)
  ) as [string, string, string | undefined];
  return subject === undefined ? { text, html } : { text, html, subject };
}

/** The subject line and body of a stored row, whichever way it was written. */
export async function storedBody(row: {
  subject: string;
  text_body: string;
  html_body: string;
  body_deflated?: ArrayBuffer | Uint8Array | number[] | null;
}): Promise<StoredMessage> {
  const deflated = row.body_deflated;
  if (deflated == null) return { subject: row.subject, text: row.text_body, html: row.html_body };
  const body = await inflateBody(Array.isArray(deflated) ? new Uint8Array(deflated) : deflated);
  return { subject: row.subject, ...body };
}

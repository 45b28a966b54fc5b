/**
 * A kept message's text and HTML as stored since migration 0030: one deflate-raw stream of their
 * JSON, so the HTML, which repeats the text, costs little more than the text (issue 23). Since
 * migration 0032 the subject line goes into the same stream (`[text, html, subject]`), where it
 * repeats the text too, and the row's `subject` is ''. Rows from before have `body_deflated` NULL
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

export function deflateBody(body: StoredMessage) {
  const json = new Blob([JSON.stringify([body.text, body.html, body.subject])]);
  return drain(json.stream().pipeThrough(new CompressionStream('deflate-raw')));
}

export async function inflateBody(
  deflated: ArrayBuffer | Uint8Array,
): Promise<MessageBody & { subject?: string }> {
  const bytes = deflated instanceof Uint8Array ? deflated : new Uint8Array(deflated);
  const inflated = await drain(
    new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw')),
  );
  const [text, html, subject] = JSON.parse(new TextDecoder().decode(inflated)) as [
    string,
    string,
    string | undefined,
  ];
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

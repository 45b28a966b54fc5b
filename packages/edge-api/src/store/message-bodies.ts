/**
 * A kept message's text and HTML as stored since migration 0030: one deflate-raw stream of their
 * JSON, so the HTML, which repeats the text, costs little more than the text (issue 23). Rows from
 * before have `body_deflated` NULL and their bodies in `text_body` and `html_body` as sent.
 */
export interface MessageBody {
  text: string;
  html: string;
}

async function drain(stream: ReadableStream<Uint8Array>) {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export function deflateBody(body: MessageBody) {
  const json = new Blob([JSON.stringify([body.text, body.html])]);
  return drain(json.stream().pipeThrough(new CompressionStream('deflate-raw')));
}

export async function inflateBody(deflated: ArrayBuffer | Uint8Array): Promise<MessageBody> {
  const bytes = deflated instanceof Uint8Array ? deflated : new Uint8Array(deflated);
  const inflated = await drain(
    new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw')),
  );
  const [text, html] = JSON.parse(new TextDecoder().decode(inflated)) as [string, string];
  return { text, html };
}

/** The body of a stored row, whichever way it was written. */
export function storedBody(row: {
  text_body: string;
  html_body: string;
  body_deflated?: ArrayBuffer | Uint8Array | number[] | null;
}): Promise<MessageBody> {
  const deflated = row.body_deflated;
  if (deflated == null) return Promise.resolve({ text: row.text_body, html: row.html_body });
  return inflateBody(Array.isArray(deflated) ? new Uint8Array(deflated) : deflated);
}

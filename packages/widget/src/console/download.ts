/**
 * Hands a text or bytes (a PDF) to the browser as a file download (the data never leaves this
 * origin's page).
 */
export function download(
  name: string,
  type: string,
  data: string | Uint8Array<ArrayBuffer> | Blob,
) {
  const url = URL.createObjectURL(data instanceof Blob ? data : new Blob([data], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

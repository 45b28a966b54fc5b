import { html } from 'hono/html';
import type {
  JsonObject,
  OpenApiDocument,
  OperationObject,
  ParameterObject,
} from '../openapi/document-types.js';
import { componentPrefix } from '../openapi/schemas.js';

function resolved(schema: JsonObject, document: OpenApiDocument): JsonObject {
  const ref = schema.$ref;
  if (typeof ref !== 'string' || !ref.startsWith(componentPrefix)) return schema;
  return document.components.schemas[ref.slice(componentPrefix.length)] ?? schema;
}

function exampleOf(schema: JsonObject, document: OpenApiDocument): string {
  const examples = resolved(schema, document).examples;
  return Array.isArray(examples) && typeof examples[0] === 'string' ? examples[0] : '';
}

const who = (security: OperationObject['security']) => {
  const names = security.flatMap((requirement) => Object.keys(requirement));
  const optional = security.some((requirement) => Object.keys(requirement).length === 0);
  const kind = names.includes('preferenceSession') ? 'the session' : 'the site key';
  return `Authorization: Bearer, ${kind}${optional ? ' (optional)' : ''}`;
};

function parameterField(id: string, parameter: ParameterObject, document: OpenApiDocument) {
  const fieldId = `${id}-${parameter.in}-${parameter.name}`;
  const schema = resolved(parameter.schema, document);
  const label = html`<label for="${fieldId}">${parameter.name}
    <small>(${parameter.in}${parameter.required ? ', required' : ''})</small></label>`;
  if (Array.isArray(schema.enum)) {
    return html`<p class="field">${label}<select id="${fieldId}" name="${parameter.name}" data-in="${parameter.in}">
      <option value="">${parameter.required ? 'choose' : 'not sent'}</option>
      ${schema.enum.map((option) => html`<option>${String(option)}</option>`)}
    </select></p>`;
  }
  const value = parameter.required ? exampleOf(parameter.schema, document) : '';
  return html`<p class="field">${label}<input id="${fieldId}" name="${parameter.name}" data-in="${parameter.in}" value="${value}"${
    parameter.required ? ' required' : ''
  } autocomplete="off" spellcheck="false"></p>`;
}

function bodyText(media: string, example: unknown) {
  if (example === undefined) return '';
  if (media === 'application/json') return JSON.stringify(example, null, 2);
  return new URLSearchParams(example as Record<string, string>).toString();
}

/**
 * The "try it" form of one operation: hidden until the page's script shows it (without
 * JavaScript it could not send anything), sent by that script with fetch.
 */
export function tryItForm(
  method: string,
  path: string,
  operation: OperationObject,
  document: OpenApiDocument,
) {
  const id = `try-${operation.operationId}`;
  const [media, body] = Object.entries(operation.requestBody?.content ?? {})[0] ?? [];
  return html`<form class="try-it" hidden data-method="${method.toUpperCase()}" data-path="${path}" data-media="${media ?? ''}" aria-labelledby="${id}">
<h4 id="${id}">Try it</h4>
${operation.parameters.map((parameter) => parameterField(id, parameter, document))}
${
  operation.security.length > 0
    ? html`<p class="field"><label for="${id}-bearer">${who(operation.security)}</label><input id="${id}-bearer" data-in="bearer" autocomplete="off" spellcheck="false"></p>`
    : ''
}
${
  media
    ? html`<p class="field"><label for="${id}-body">Body <small>(${media})</small></label><textarea id="${id}-body" data-in="body" rows="8" spellcheck="false">${bodyText(media, body?.example)}</textarea></p>`
    : ''
}
<p><button type="submit">Send ${method.toUpperCase()} ${path}</button></p>
<p class="answer-status" role="status"></p>
<pre class="answer-body" tabindex="0" aria-label="Answer of ${operation.operationId}" hidden></pre>
</form>`;
}

/**
 * `/docs/try-it.js`: shows every "try it" form and sends it with fetch to this origin, showing
 * the status and the body as text. DOM nodes and `textContent` only (no HTML from strings), so
 * it runs under `require-trusted-types-for 'script'` with no policy.
 */
export const tryItScript = `// Signet API reference: "try it".
const shownLength = 20000;

function requestOf(form) {
  let path = form.dataset.path;
  const query = new URLSearchParams();
  const headers = {};
  let body;
  for (const field of form.querySelectorAll('[data-in]')) {
    const value = field.dataset.in === 'body' ? field.value : field.value.trim();
    if (value === '') continue;
    if (field.dataset.in === 'path') path = path.replace('{' + field.name + '}', encodeURIComponent(value));
    if (field.dataset.in === 'query') query.append(field.name, value);
    if (field.dataset.in === 'header') headers[field.name] = value;
    if (field.dataset.in === 'bearer') headers.authorization = 'Bearer ' + value;
    if (field.dataset.in === 'body') {
      body = value;
      headers['content-type'] = form.dataset.media;
    }
  }
  const search = query.toString();
  return { url: path + (search ? '?' + search : ''), init: { method: form.dataset.method, headers, body, credentials: 'omit' } };
}

function readable(text, type) {
  if (/json/.test(type)) {
    try {
      return JSON.stringify(JSON.parse(text), null, 2);
    } catch {}
  }
  return text.length > shownLength ? text.slice(0, shownLength) + '\\n…' : text;
}

async function send(form) {
  const status = form.querySelector('.answer-status');
  const output = form.querySelector('.answer-body');
  const { url, init } = requestOf(form);
  if (/[{}]/.test(url.split('?')[0])) {
    status.textContent = 'Fill in every path parameter first.';
    return;
  }
  status.textContent = 'Sending ' + init.method + ' ' + url + ' …';
  output.hidden = true;
  try {
    const response = await fetch(url, init);
    const type = response.headers.get('content-type') || '';
    const text = await response.text();
    status.textContent = response.status + ' ' + response.statusText + (type ? ' · ' + type : '');
    output.textContent = readable(text, type);
    output.hidden = text === '';
  } catch (error) {
    status.textContent = 'Not sent: ' + (error instanceof Error ? error.message : String(error));
  }
}

for (const form of document.querySelectorAll('form.try-it')) {
  form.hidden = false;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    send(form);
  });
}
`;

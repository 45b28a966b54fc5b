import { errorStatus, type SignetErrorCode } from '@signet/sdk';
import type { Context } from 'hono';
import { html } from 'hono/html';
import {
  methods,
  type OpenApiDocument,
  type OperationObject,
  type ResponseObject,
} from '../openapi/document-types.js';
import { errorMeanings } from '../openapi/error-codes.js';
import { componentAnchor, describeSchema, prose } from './api-reference-schemas.js';
import { tryItForm } from './api-reference-try-it.js';
import { webhooksContents, webhooksSection } from './api-reference-webhooks.js';
import { type PageExtras, page } from './layout.js';

/** Served by `GET /docs/try-it.js`: the page's only script, from this origin. */
export const tryItScriptPath = '/docs/try-it.js';

// Class selectors only: the layout writes these rules through an escaping template.
const css = `
  main { max-width: 72rem; }
  h2 { margin-top: 2.5rem; border-bottom: 2px solid #ccc; }
  h3 { font-size: 1.1rem; margin-bottom: .25rem; }
  h4 { font-size: 1rem; margin: 1rem 0 .25rem; }
  code { font: .9em/1.4 ui-monospace, SFMono-Regular, Menlo, monospace; overflow-wrap: break-word; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid #ddd; }
  ul.properties { margin: .25rem 0; padding-left: 1.25rem; }
  .method { display: inline-block; min-width: 4.2em; text-align: center; font: 700 .8rem/1.6 ui-monospace, monospace; border-radius: 4px; padding: 0 .3rem; }
  .get { background: #dcfce7; color: #14532d; } .post { background: #dbeafe; color: #1e3a8a; }
  .put { background: #fef3c7; color: #713f12; } .patch { background: #ede9fe; color: #4c1d95; }
  .delete { background: #fee2e2; color: #7f1d1d; }
  .badge { font-size: .8rem; border: 1px solid currentColor; border-radius: 4px; padding: 0 .3rem; }
  .field label { display: block; font-weight: 600; }
  .field input, .field select, .field textarea { font: inherit; width: 100%; box-sizing: border-box; padding: .4rem; border: 1px solid #767676; border-radius: 4px; background: #fff; color: #1b1b1f; }
  .field textarea { font-family: ui-monospace, monospace; font-size: .9rem; }
  .field input:focus-visible, .field select:focus-visible, .field textarea:focus-visible, pre:focus-visible { outline: 3px solid #f59e0b; outline-offset: 1px; }
  .try-it { border: 1px solid #ccc; border-radius: 6px; padding: 0 1rem .5rem; margin-top: 1rem; }
  .answer-body { max-height: 24rem; overflow: auto; }
  .toc ul { padding-left: 1.25rem; }
  @media (prefers-color-scheme: dark) {
    h2 { border-color: #555; } th, td { border-color: #444; } .try-it { border-color: #555; }
    .get { background: #14532d; color: #dcfce7; } .post { background: #1e3a8a; color: #dbeafe; }
    .put { background: #713f12; color: #fef3c7; } .patch { background: #4c1d95; color: #ede9fe; }
    .delete { background: #7f1d1d; color: #fee2e2; }
    .field input, .field select, .field textarea { background: #111114; color: #eee; border-color: #8c8c8c; }
  }
`;

const withTryIt: PageExtras = {
  // The script builds its answers from DOM nodes: no policy may be created at all.
  policy: `script-src 'self'; connect-src 'self'; form-action 'none'; require-trusted-types-for 'script'; trusted-types 'none'`,
  styles: '',
  head: html`<script type="module" src="${tryItScriptPath}"></script>`,
  css,
};

type Entry = { method: string; path: string; operation: OperationObject };

function entriesByTag(document: OpenApiDocument) {
  const byTag = new Map<string, Entry[]>(document.tags.map((tag) => [tag.name, []]));
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of methods) {
      const operation = item[method];
      if (operation) byTag.get(operation.tags[0] ?? '')?.push({ method, path, operation });
    }
  }
  return byTag;
}

const anchorOf = (operation: OperationObject) => `op-${operation.operationId}`;

function methodBadge(method: string) {
  return html`<span class="method ${method}">${method.toUpperCase()}</span>`;
}

function securityLine(operation: OperationObject) {
  const names = operation.security.flatMap((requirement) => Object.keys(requirement));
  if (names.length === 0) return 'No credentials.';
  const optional = operation.security.some((requirement) => Object.keys(requirement).length === 0);
  const what = names.includes('preferenceSession') ? 'a preference session' : 'the site key';
  return html`<code>Authorization: Bearer</code> with ${what}${optional ? ', or a browser’s Origin' : ''}.`;
}

function parametersTable(operation: OperationObject) {
  if (operation.parameters.length === 0) return '';
  return html`<h4>Parameters</h4>
<table><thead><tr><th scope="col">Name</th><th scope="col">In</th><th scope="col">Value</th><th scope="col">Meaning</th></tr></thead>
<tbody>${operation.parameters.map(
    (parameter) =>
      html`<tr><td><code>${parameter.name}</code>${parameter.required ? html` <small>required</small>` : ''}</td><td>${parameter.in}</td><td>${describeSchema(parameter.schema)}</td><td>${prose(parameter.description ?? '')}</td></tr>`,
  )}</tbody></table>`;
}

function requestBody(operation: OperationObject) {
  const content = Object.entries(operation.requestBody?.content ?? {});
  return content.map(
    ([media, body]) => html`<h4>Request body <small>(${media})</small></h4>
<p>${describeSchema(body.schema)}</p>
${body.example === undefined ? '' : html`<details><summary>Example</summary><pre>${JSON.stringify(body.example, null, 2)}</pre></details>`}`,
  );
}

/** An answer that is only an error: said on one line with the others, not as its own item. */
function isErrorOnly(response: ResponseObject) {
  const media = Object.keys(response.content ?? {});
  return (
    !!response['x-signet-error-codes'] && media.length === 1 && media[0] === 'application/json'
  );
}

function errorLine(responses: [string, ResponseObject][]) {
  if (responses.length === 0) return '';
  const codes = responses.map(
    ([status, response]) => html`${status} ${joinedCodes(response['x-signet-error-codes'] ?? [])}`,
  );
  return html`<li>Errors as <a href="#${componentAnchor('ErrorResponse')}">ErrorResponse</a>: ${codes.map((item, index) => (index === 0 ? item : html`; ${item}`))}</li>`;
}

function joinedCodes(codes: string[]) {
  return codes.map((code, index) => html`${index === 0 ? '' : ', '}<code>${code}</code>`);
}

function responseItem(status: string, response: ResponseObject) {
  const content = Object.entries(response.content ?? {});
  return html`<li><strong>${status}</strong>: ${prose(response.description)}${
    content.length
      ? html`<ul>${content.map(
          ([media, body]) =>
            html`<li><small>${media}</small>: ${
              body.schema.type === 'string' ? 'text' : describeSchema(body.schema)
            }</li>`,
        )}</ul>`
      : ''
  }</li>`;
}

function operationSection({ method, path, operation }: Entry, document: OpenApiDocument) {
  const id = anchorOf(operation);
  return html`<article id="${id}" aria-labelledby="${id}-title">
<h3 id="${id}-title">${methodBadge(method)} <code>${path}</code></h3>
<p><strong>${operation.summary}</strong>${
    operation['x-signet-development-only'] ? html` <span class="badge">development only</span>` : ''
  }</p>
<p>${prose(operation.description)}</p>
<p><small>${securityLine(operation)} Operation id <code>${operation.operationId}</code>.</small></p>
${parametersTable(operation)}
${requestBody(operation)}
<h4>Responses</h4>
<ul>${Object.entries(operation.responses)
    .filter(([, response]) => !isErrorOnly(response))
    .map(([status, response]) => responseItem(status, response))}
${errorLine(Object.entries(operation.responses).filter(([, response]) => isErrorOnly(response)))}</ul>
${tryItForm(method, path, operation, document)}
</article>`;
}

function contents(byTag: Map<string, Entry[]>, document: OpenApiDocument) {
  return html`<nav class="toc" aria-labelledby="contents"><h2 id="contents">Contents</h2>
<ul>
<li><a href="#errors">Errors</a></li>
${[...byTag].map(
  ([tag, entries]) =>
    html`<li><a href="#${tagAnchor(tag)}">${tag}</a><ul>${entries.map(
      ({ method, path, operation }) =>
        html`<li><a href="#${anchorOf(operation)}">${method.toUpperCase()} ${path}</a>: ${operation.summary}</li>`,
    )}</ul></li>`,
)}
${webhooksContents(document)}
<li><a href="#schemas">Schemas</a></li>
</ul></nav>`;
}

const tagAnchor = (tag: string) => `tag-${tag.toLowerCase().replaceAll(' ', '-')}`;

function errorsSection() {
  return html`<section aria-labelledby="errors"><h2 id="errors">Errors</h2>
<p>Every bad input is answered with a 4xx and <code>{ "error": { "code", "message", "field", "requestId" } }</code> (<a href="#${componentAnchor('ErrorResponse')}">ErrorResponse</a>) and writes nothing. Every answer carries a <code>Request-Id</code> header; an error body holds the same id: quote it when asking about a request. Each code has one status:</p>
<table><thead><tr><th scope="col">Code</th><th scope="col">Status</th><th scope="col">Meaning</th></tr></thead>
<tbody>${Object.entries(errorMeanings).map(
    ([code, meaning]) =>
      html`<tr><td><code>${code}</code></td><td>${errorStatus[code as SignetErrorCode]}</td><td>${prose(meaning ?? '')}</td></tr>`,
  )}</tbody></table></section>`;
}

function schemasSection(document: OpenApiDocument) {
  return html`<section aria-labelledby="schemas"><h2 id="schemas">Schemas</h2>
<p>Named as in <code>@signet/sdk</code>, with <code>Schema</code> after the name: <code>FormConfig</code> is <code>FormConfigSchema</code>.</p>
${Object.entries(document.components.schemas).map(
  ([
    name,
    schema,
  ]) => html`<section id="${componentAnchor(name)}" aria-labelledby="${componentAnchor(name)}-title">
<h3 id="${componentAnchor(name)}-title">${name}</h3>
${typeof schema.description === 'string' ? html`<p>${prose(schema.description)}</p>` : ''}
<p>${describeSchema(schema)}</p></section>`,
)}</section>`;
}

/**
 * `/docs`: the OpenAPI document as a page, readable without JavaScript; with it, each
 * operation gets a form that sends a request to this origin.
 */
export function apiReferencePage(c: Context, document: OpenApiDocument) {
  const byTag = entriesByTag(document);
  const [intro] = document.info.description.split('\n\n');
  const body = html`<h1>${document.info.title} reference</h1>
<p>${prose(intro ?? '')}</p>
<p>Version ${document.info.version} · <a href="/openapi.json">OpenAPI ${document.openapi} document</a> (JSON Schema 2020-12, for tools and code generators)</p>
${contents(byTag, document)}
${errorsSection()}
${[...byTag].map(
  ([
    tag,
    entries,
  ]) => html`<section aria-labelledby="${tagAnchor(tag)}"><h2 id="${tagAnchor(tag)}">${tag}</h2>
<p>${prose(document.tags.find((entry) => entry.name === tag)?.description ?? '')}</p>
${entries.map((entry) => operationSection(entry, document))}</section>`,
)}
${webhooksSection(document)}
${schemasSection(document)}`;
  return page(c, 200, 'en', `${document.info.title} reference`, body, withTryIt);
}

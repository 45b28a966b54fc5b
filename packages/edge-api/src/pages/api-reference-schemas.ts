import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { JsonObject } from '../openapi/document-types.js';
import { componentPrefix } from '../openapi/schemas.js';

type Fragment = HtmlEscapedString | Promise<HtmlEscapedString> | string;

/** Text with `code` spans, as the document's descriptions write them. */
export function prose(text: string): Fragment[] {
  return text
    .split('`')
    .map((part, index) => (index % 2 === 1 ? html`<code>${part}</code>` : part));
}

export function componentAnchor(name: string) {
  return `schema-${name}`;
}

function json(value: unknown) {
  return JSON.stringify(value);
}

function range(min: unknown, max: unknown, unit: string): string | null {
  if (min !== undefined && max !== undefined) return `${min} to ${max}${unit}`;
  if (min !== undefined) return `at least ${min}${unit}`;
  if (max !== undefined) return `at most ${max}${unit}`;
  return null;
}

/** Limits a schema puts on a value, in words. */
function constraints(schema: JsonObject): Fragment[] {
  const said: Fragment[] = [];
  if (typeof schema.format === 'string') said.push(`format ${schema.format}`);
  if (typeof schema.pattern === 'string') said.push(html`pattern <code>${schema.pattern}</code>`);
  for (const limit of [
    range(schema.minLength, schema.maxLength, ' characters'),
    range(schema.minimum, schema.maximum, ''),
    range(schema.minItems, schema.maxItems, ' items'),
  ]) {
    if (limit) said.push(limit);
  }
  if (schema.default !== undefined) said.push(html`default <code>${json(schema.default)}</code>`);
  if (Array.isArray(schema.examples)) {
    said.push(
      html`e.g. ${joined(schema.examples.map((example) => html`<code>${json(example)}</code>`))}`,
    );
  }
  return said;
}

function joined(parts: Fragment[]) {
  return parts.map((part, index) => (index === 0 ? part : html`, ${part}`));
}

function isNull(schema: unknown) {
  return typeof schema === 'object' && schema !== null && (schema as JsonObject).type === 'null';
}

/**
 * A JSON Schema in words and nested lists: references link to the schema's own section,
 * objects list their properties, `X or null` is said so.
 */
export function describeSchema(schema: JsonObject | undefined): Fragment {
  if (!schema) return 'any value';
  const ref = schema.$ref;
  if (typeof ref === 'string' && ref.startsWith(componentPrefix)) {
    const name = ref.slice(componentPrefix.length);
    const extra = constraints(schema);
    return html`<a href="#${componentAnchor(name)}">${name}</a>${extra.length ? html` (${joined(extra)})` : ''}`;
  }
  const anyOf = (schema.anyOf ?? schema.oneOf) as JsonObject[] | undefined;
  if (anyOf) {
    const others = anyOf.filter((option) => !isNull(option));
    if (others.length === 1 && anyOf.length === 2) {
      return html`${describeSchema(others[0])} or <code>null</code>`;
    }
    return html`one of:<ul>${anyOf.map((option) => html`<li>${describeSchema(option)}</li>`)}</ul>`;
  }
  if ('const' in schema) return html`<code>${json(schema.const)}</code>`;
  if (Array.isArray(schema.enum)) {
    return html`one of ${joined(schema.enum.map((option) => html`<code>${json(option)}</code>`))}`;
  }
  if (schema.type === 'array') {
    const extra = constraints(schema);
    return html`array of ${describeSchema(schema.items as JsonObject | undefined)}${extra.length ? html` (${joined(extra)})` : ''}`;
  }
  if (schema.type === 'object' || schema.properties) return describeObject(schema);
  const type = typeof schema.type === 'string' ? schema.type : 'any value';
  const extra = constraints(schema);
  return html`${type}${extra.length ? html` (${joined(extra)})` : ''}`;
}

function describeObject(schema: JsonObject): Fragment {
  const properties = Object.entries((schema.properties ?? {}) as Record<string, JsonObject>);
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const closed = schema.additionalProperties === false;
  if (properties.length === 0) return closed ? 'an empty object' : 'an object';
  return html`object${closed ? ' (no other properties)' : ''}:<ul class="properties">${properties.map(
    ([name, property]) =>
      html`<li><code>${name}</code> <small>${required.has(name) ? 'required' : 'optional'}</small>: ${describeSchema(property)}${
        typeof property.description === 'string'
          ? html`<br><small>${prose(property.description)}</small>`
          : ''
      }</li>`,
  )}</ul>`;
}

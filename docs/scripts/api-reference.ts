/** A JSON schema as it appears in the OpenAPI document (only what the renderer reads). */
interface Schema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  additionalProperties?: Schema | boolean;
  description?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
  format?: string;
}

interface Operation {
  summary?: string;
  description?: string;
  parameters?: { name: string; in: string; required?: boolean; schema?: Schema; description?: string }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: Schema }> }>;
}

/** The parts of an OpenAPI 3.1 document the reference uses. */
export interface OpenApiDocument {
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

const refName = (ref: string) => ref.split('/').pop() ?? ref;
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n+/g, ' ');

/** A short type expression: `string`, `Collection[]`, `'hybrid' | 'vector'`, `{ name: string }`. */
export function typeOf(schema: Schema | undefined, depth = 0): string {
  if (!schema) return 'any';
  if (schema.$ref) return `[${refName(schema.$ref)}](#${refName(schema.$ref).toLowerCase()})`;
  if (schema.enum) return schema.enum.map((value) => JSON.stringify(value)).join(' \\| ');
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return union.map((item) => typeOf(item, depth)).join(' \\| ');
  if (schema.type === 'array') {
    const item = typeOf(schema.items, depth);
    return item.includes(' \\| ') ? `(${item})[]` : `${item}[]`;
  }
  if (schema.type === 'object' || schema.properties) {
    if (!schema.properties) return 'object';
    if (depth > 1) return 'object';
    const fields = Object.entries(schema.properties).map(
      ([name, value]) => `${name}${schema.required?.includes(name) ? '' : '?'}: ${typeOf(value, depth + 1)}`,
    );
    return `{ ${fields.join('; ')} }`;
  }
  if (Array.isArray(schema.type)) return schema.type.join(' \\| ');
  return schema.format === 'binary' ? 'file' : (schema.type ?? 'any');
}

function limits(schema: Schema): string {
  const notes: string[] = [];
  if (schema.minimum !== undefined) notes.push(`≥ ${schema.minimum}`);
  if (schema.maximum !== undefined) notes.push(`≤ ${schema.maximum}`);
  if (schema.minLength !== undefined) notes.push(`min length ${schema.minLength}`);
  if (schema.maxLength !== undefined) notes.push(`max length ${schema.maxLength}`);
  if (schema.maxItems !== undefined) notes.push(`at most ${schema.maxItems}`);
  if (schema.default !== undefined) notes.push(`default \`${JSON.stringify(schema.default)}\``);
  if (schema.description) notes.push(schema.description);
  return notes.join('; ');
}

/** A table of an object schema's fields; other schemas become one line. */
function fieldTable(schema: Schema | undefined): string[] {
  if (!schema?.properties) return [`\`${typeOf(schema)}\``.replace(/^`(\[.*\))`$/, '$1')];
  const rows = Object.entries(schema.properties).map(
    ([name, field]) =>
      `| \`${name}\` | ${typeOf(field)} | ${schema.required?.includes(name) ? 'yes' : ''} | ${cell(limits(field))} |`,
  );
  return ['| field | type | required | notes |', '|---|---|---|---|', ...rows];
}

function resolve(document: OpenApiDocument, schema: Schema | undefined): Schema | undefined {
  return schema?.$ref ? document.components?.schemas?.[refName(schema.$ref)] : schema;
}

function renderOperation(document: OpenApiDocument, method: string, path: string, operation: Operation) {
  const lines = [`### ${method.toUpperCase()} \`${path}\``, ''];
  const about = operation.summary ?? operation.description;
  if (about) lines.push(about, '');
  const parameters = operation.parameters ?? [];
  if (parameters.length > 0) {
    lines.push('| parameter | in | type | required |', '|---|---|---|---|');
    for (const parameter of parameters) {
      const type = typeOf(parameter.schema);
      lines.push(
        `| \`${parameter.name}\` | ${parameter.in} | ${type} | ${parameter.required ? 'yes' : ''} |`,
      );
    }
    lines.push('');
  }
  for (const [type, content] of Object.entries(operation.requestBody?.content ?? {})) {
    const schema = content.schema;
    const named = schema?.$ref ? ` ([${refName(schema.$ref)}](#${refName(schema.$ref).toLowerCase()}))` : '';
    lines.push(`Request body, \`${type}\`${named}:`, '', ...fieldTable(resolve(document, schema)), '');
  }
  lines.push('| status | meaning | body |', '|---|---|---|');
  for (const [status, response] of Object.entries(operation.responses ?? {})) {
    const bodies = Object.entries(response.content ?? {}).map(([type, content]) =>
      type === 'application/json' ? typeOf(content.schema) : `\`${type}\``,
    );
    lines.push(`| ${status} | ${cell(response.description ?? '')} | ${bodies.join(', ')} |`);
  }
  lines.push('');
  return lines;
}

/** Renders the REST reference (`docs/api.md`) from the server's `/openapi.json`. */
export function renderApiReference(document: OpenApiDocument): string {
  const lines = [
    '# REST API reference',
    '',
    '<!-- Generated by `npm run docs:generate` from /openapi.json; edit the routes, not this file. -->',
    '',
    `${document.info.title} ${document.info.version}. ${document.info.description ?? ''}`.trim(),
    '',
    'Every error is `{ "error": { "code", "message" } }` with the HTTP status of its code (see',
    '[concepts](concepts.md#errors)). A running server also serves this reference at `/docs` and the',
    'machine-readable document at `/openapi.json`.',
    '',
  ];
  const groups = new Map<string, [string, string, Operation][]>();
  for (const [path, item] of Object.entries(document.paths).sort(([a], [b]) => a.localeCompare(b))) {
    const group =
      path
        .split('/')
        .filter(Boolean)
        .slice(path.startsWith('/v1/') ? 1 : 0)[0] ?? 'other';
    for (const [method, operation] of Object.entries(item)) {
      groups.set(group, [...(groups.get(group) ?? []), [method, path, operation]]);
    }
  }
  for (const [group, operations] of groups) {
    lines.push(`## ${group}`, '');
    for (const [method, path, operation] of operations) {
      lines.push(...renderOperation(document, method, path, operation));
    }
  }
  lines.push('## Schemas', '');
  for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) {
    lines.push(`### ${name}`, '', ...fieldTable(schema), '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

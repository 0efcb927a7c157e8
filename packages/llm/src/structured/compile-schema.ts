import { LoreError } from '@lore/core';
import type { JsonSchema } from '@lore/core/spec';
import type { Grammar, GrammarElement } from './grammar.js';
import { JsonGrammarBuilder } from './json-grammar.js';
import { hasLeftRecursion } from './left-recursion.js';

/** Keywords that describe a schema without constraining it; ignored. */
const annotations = new Set([
  'title',
  'description',
  'default',
  'examples',
  '$schema',
  '$id',
  '$comment',
  'deprecated',
  'readOnly',
  'writeOnly',
]);
const enforced = new Set([
  'type',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'prefixItems',
  'minItems',
  'maxItems',
  'enum',
  'const',
  'minLength',
  'maxLength',
  'anyOf',
  'oneOf',
  '$ref',
  '$defs',
  'definitions',
  'minimum',
  'maximum',
  'minProperties',
  'maxProperties',
]);
const types = ['object', 'array', 'string', 'integer', 'number', 'boolean', 'null'] as const;
type JsonType = (typeof types)[number];
/** Bounds beyond which a schema would compile to an unreasonably large grammar. */
const maxLengthLimit = 10_000;
const maxItemsLimit = 1_000;

type Schema = JsonSchema | boolean;

function reject(path: string, message: string): never {
  throw new LoreError('BAD_REQUEST', `Unsupported JSON schema for structured output at ${path}: ${message}`);
}

/**
 * Compiles a JSON schema to a grammar whose every complete string is JSON that validates against it.
 * Properties come in declaration order; with `additionalProperties` true or absent only declared properties
 * are emitted (an object without declared properties takes any members). Strings count escapes as one
 * character and have no default length bound (set maxLength so small models finish); integers have at most
 * 15 digits so they stay exact. `oneOf` is a union: exclusivity is left to the final validation. Keywords
 * that cannot be enforced while decoding fail with BAD_REQUEST naming the keyword and its path.
 */
export function compileJsonSchema(schema: JsonSchema): Grammar {
  return new SchemaCompiler(schema).compile();
}

/** A grammar for any JSON object (`json_object` mode). */
export function compileJsonObject(): Grammar {
  const compiler = new SchemaCompiler({});
  const root = compiler.builder.reserve('root');
  compiler.builder.define(root, [[compiler.builder.anyObject()]]);
  return compiler.builder.build(root);
}

class SchemaCompiler {
  readonly builder = new JsonGrammarBuilder();
  private readonly refs = new Map<string, number>();
  private readonly space = this.builder.space;

  constructor(private readonly root: JsonSchema) {}

  compile(): Grammar {
    const root = this.builder.reserve('root');
    this.builder.define(root, [[this.value(this.root, '#')]]);
    const grammar = this.builder.build(root);
    if (hasLeftRecursion(grammar)) reject('#', 'a $ref refers back to itself before any value is written.');
    return grammar;
  }

  private value(schema: Schema, path: string): GrammarElement {
    if (schema === true) return this.builder.anyValue();
    if (schema === false || typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
      return reject(path, 'a schema must be an object or true.');
    }
    for (const [keyword, value] of Object.entries(schema)) {
      if (annotations.has(keyword)) continue;
      if (!enforced.has(keyword))
        return reject(`${path}/${keyword}`, `the keyword "${keyword}" is not supported.`);
      if (keyword === 'minimum' || keyword === 'maximum') {
        // zod's z.int() bounds: integers of at most 15 digits satisfy them.
        const bound = keyword === 'minimum' ? -Number.MAX_SAFE_INTEGER : Number.MAX_SAFE_INTEGER;
        if (value !== bound || schema.type !== 'integer') {
          return reject(`${path}/${keyword}`, `the keyword "${keyword}" is not supported.`);
        }
      }
    }
    if (typeof schema.$ref === 'string') return this.reference(schema, path);
    const union = schema.anyOf ?? schema.oneOf;
    if (union !== undefined) return this.union(schema, union, path);
    if (schema.enum !== undefined || schema.const !== undefined) return this.literals(schema, path);
    const declared = this.types(schema, path);
    const elements = declared.map((type) => this.typed(type, schema, path));
    if (elements.length === 1) return elements[0] as GrammarElement;
    return this.builder.rule(
      'union',
      elements.map((element) => [element]),
    );
  }

  private types(schema: JsonSchema, path: string): JsonType[] {
    const type = schema.type;
    if (type === undefined) {
      if ('properties' in schema || 'required' in schema || 'additionalProperties' in schema)
        return ['object'];
      if ('items' in schema || 'prefixItems' in schema || 'minItems' in schema || 'maxItems' in schema) {
        return ['array'];
      }
      if ('minLength' in schema || 'maxLength' in schema) return ['string'];
      return [...types];
    }
    const list = Array.isArray(type) ? type : [type];
    if (list.length === 0) reject(`${path}/type`, 'an empty type list matches nothing.');
    for (const entry of list) {
      if (!types.includes(entry as JsonType))
        reject(`${path}/type`, `unknown type ${JSON.stringify(entry)}.`);
    }
    return list as JsonType[];
  }

  private typed(type: JsonType, schema: JsonSchema, path: string): GrammarElement {
    const b = this.builder;
    switch (type) {
      case 'object':
        return this.object(schema, path);
      case 'array':
        return this.array(schema, path);
      case 'string':
        return b.string(count(schema, 'minLength', path, 0), count(schema, 'maxLength', path, Infinity));
      case 'integer':
        return b.integer();
      case 'number':
        return b.number();
      case 'boolean':
        return b.boolean();
      case 'null':
        return b.null();
    }
  }

  private object(schema: JsonSchema, path: string): GrammarElement {
    const b = this.builder;
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    const sizes = ['minProperties', 'maxProperties'].filter((keyword) => keyword in schema);
    if (sizes.length > 0 && Object.keys(properties).length > 0) {
      reject(`${path}/${sizes[0]}`, `${sizes[0]} is only supported on objects without declared properties.`);
    }
    if (typeof properties !== 'object' || Array.isArray(properties))
      reject(`${path}/properties`, 'must be an object.');
    const required = (schema.required ?? []) as string[];
    if (!Array.isArray(required)) reject(`${path}/required`, 'must be an array of names.');
    const names = [
      ...Object.keys(properties),
      ...required.filter((name) => !Object.hasOwn(properties, name)),
    ];
    const additional = schema.additionalProperties as Schema | undefined;
    const undeclared = required.find((name) => !Object.hasOwn(properties, name));
    if (additional === false && undeclared !== undefined) {
      reject(
        `${path}/required`,
        `"${undeclared}" is required but not allowed by additionalProperties: false.`,
      );
    }
    const open = b.literal('{');
    const close = [this.space, ...b.literal('}')];
    if (names.length === 0) {
      if (additional === false) return b.rule('empty-object', [[...open, ...close]]);
      const value =
        additional === undefined || additional === true
          ? b.anyValue()
          : this.value(additional, `${path}/additionalProperties`);
      return b.map(
        value,
        count(schema, 'minProperties', path, 0),
        count(schema, 'maxProperties', path, Infinity),
      );
    }
    // tail(i, first): the properties from index i on; `first` when none was written yet (no comma before).
    let tailAfter = b.rule('members-end', [[]]);
    let tailFirst = tailAfter;
    for (let index = names.length - 1; index >= 0; index--) {
      const name = names[index] as string;
      const propertyPath = `${path}/properties/${name.replaceAll('~', '~0').replaceAll('/', '~1')}`;
      const value = this.value(
        Object.hasOwn(properties, name) ? (properties[name] as Schema) : (additional ?? true),
        propertyPath,
      );
      const member = [...b.literal(JSON.stringify(name)), this.space, ...b.literal(':'), this.space, value];
      const withComma = [this.space, ...b.literal(','), this.space, ...member, tailAfter];
      const asFirst = [this.space, ...member, tailAfter];
      const optional = !required.includes(name);
      const nextAfter = b.rule('members', optional ? [withComma, [tailAfter]] : [withComma]);
      const nextFirst = b.rule('members', optional ? [asFirst, [tailFirst]] : [asFirst]);
      tailAfter = nextAfter;
      tailFirst = nextFirst;
    }
    return b.rule('object', [[...open, tailFirst, ...close]]);
  }

  private array(schema: JsonSchema, path: string): GrammarElement {
    const b = this.builder;
    const prefix = (schema.prefixItems ?? []) as Schema[];
    if (!Array.isArray(prefix)) reject(`${path}/prefixItems`, 'must be an array of schemas.');
    const items = schema.items as Schema | undefined;
    const min = count(schema, 'minItems', path, 0);
    const max = count(schema, 'maxItems', path, Infinity);
    const close = [this.space, ...b.literal(']')];
    const itemAt = (index: number): GrammarElement =>
      index < prefix.length
        ? this.value(prefix[index] as Schema, `${path}/prefixItems/${index}`)
        : this.value(items ?? true, `${path}/items`);
    if (prefix.length === 0) {
      if (items === false) return b.list('array', b.literal('['), [], close, 0, 0);
      return b.list('array', b.literal('['), [this.space, itemAt(0)], close, min, max);
    }
    // Positional items, then (when `items` is a schema) repeated ones; each index past minItems may end it.
    const extra = items !== undefined && items !== false;
    const explicit = Math.min(prefix.length, max);
    const limit = extra ? max : explicit;
    if (min > limit) reject(`${path}/minItems`, `needs ${min} items but at most ${limit} are allowed.`);
    const separator = [this.space, ...b.literal(','), this.space];
    const rest =
      extra && max > explicit
        ? b.repeat('items', [...separator, itemAt(explicit)], Math.max(0, min - explicit), max - explicit)
        : [];
    let tail = b.rule('items', [rest]);
    for (let index = explicit - 1; index >= 0; index--) {
      const sequence = [...(index === 0 ? [] : separator), itemAt(index), tail];
      tail = b.rule('items', index < min ? [sequence] : [sequence, []]);
    }
    return b.rule('tuple', [[...b.literal('['), this.space, tail, ...close]]);
  }

  private reference(schema: JsonSchema, path: string): GrammarElement {
    const ref = schema.$ref as string;
    const siblings = Object.keys(schema).filter(
      (key) => key !== '$ref' && key !== '$defs' && key !== 'definitions' && !annotations.has(key),
    );
    if (siblings.length > 0) reject(`${path}/${siblings[0]}`, 'keywords next to $ref are not supported.');
    let rule = this.refs.get(ref);
    if (rule !== undefined) return { kind: 'rule', rule };
    const match = /^#(?:\/(\$defs|definitions)\/(.+))?$/.exec(ref);
    if (!match)
      return reject(`${path}/$ref`, `only "#" and "#/$defs/..." references are supported, got ${ref}.`);
    const name = match[2]?.replaceAll('~1', '/').replaceAll('~0', '~');
    const target = match[1]
      ? (this.root[match[1]] as Record<string, Schema> | undefined)?.[name as string]
      : this.root;
    if (target === undefined) return reject(`${path}/$ref`, `${ref} points to no definition.`);
    rule = this.builder.reserve('ref');
    this.refs.set(ref, rule);
    this.builder.define(rule, [[this.value(target, ref)]]);
    return { kind: 'rule', rule };
  }

  private union(schema: JsonSchema, union: unknown, path: string): GrammarElement {
    const keyword = schema.anyOf !== undefined ? 'anyOf' : 'oneOf';
    if (!Array.isArray(union) || union.length === 0)
      return reject(`${path}/${keyword}`, 'must be a non-empty array.');
    const siblings = Object.keys(schema).filter(
      (key) => key !== keyword && key !== '$defs' && key !== 'definitions' && !annotations.has(key),
    );
    if (siblings.length > 0)
      reject(`${path}/${siblings[0]}`, `keywords next to ${keyword} are not supported.`);
    const alternatives = union.map((entry, index) => [
      this.value(entry as Schema, `${path}/${keyword}/${index}`),
    ]);
    return this.builder.rule('union', alternatives);
  }

  private literals(schema: JsonSchema, path: string): GrammarElement {
    const values = schema.const !== undefined ? [schema.const] : schema.enum;
    if (!Array.isArray(values) || values.length === 0)
      return reject(`${path}/enum`, 'must be a non-empty array.');
    const allowed = schema.type === undefined ? undefined : new Set([schema.type].flat() as string[]);
    const kept = values.filter((value) => {
      const type = jsonType(value);
      return !allowed || allowed.has(type) || (type === 'integer' && allowed.has('number'));
    });
    if (kept.length === 0) reject(`${path}/enum`, 'no value has the declared type.');
    return this.builder.rule(
      'literal',
      kept.map((value) => this.builder.literal(JSON.stringify(value))),
    );
  }
}

function count(schema: JsonSchema, keyword: string, path: string, fallback: number): number {
  const value = schema[keyword];
  if (value === undefined) return fallback;
  const limit = keyword.endsWith('Length') ? maxLengthLimit : maxItemsLimit; // items and properties
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > limit) {
    return reject(`${path}/${keyword}`, `${keyword} must be an integer from 0 to ${limit}.`);
  }
  return value;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

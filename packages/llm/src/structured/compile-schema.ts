import { LoreError } from '@lore/core/errors';
import type { JsonSchema } from '@lore/core/spec';
import type { Grammar, GrammarElement } from './grammar.js';
import { JsonGrammarBuilder } from './json-grammar.js';
import { hasLeftRecursion } from './left-recursion.js';
import { type Bound, integerBounds, integerLimit, integerRange, numberRange } from './numeric-grammar.js';
import { formatPatterns, type PatternString, patternString } from './pattern-grammar.js';
import { PatternError } from './pattern-parser.js';
import { uniqueEnumLimit, uniqueLiteralArray } from './unique-items.js';

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
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'pattern',
  'format',
  'minProperties',
  'maxProperties',
  'uniqueItems',
]);
const types = ['object', 'array', 'string', 'integer', 'number', 'boolean', 'null'] as const;
type JsonType = (typeof types)[number];
/** Bounds beyond which a schema would compile to an unreasonably large grammar. */
const maxLengthLimit = 10_000;
const maxItemsLimit = 1_000;
/** The largest maxLength that caps a pattern's unbounded repeats (each a rule per count). */
const repeatCap = 256;

type Schema = JsonSchema | boolean;

function reject(path: string, message: string): never {
  throw new LoreError('BAD_REQUEST', `Unsupported JSON schema for structured output at ${path}: ${message}`);
}

/** A compiled schema: its grammar, and the keywords (as JSON pointers) only validation after decoding checks. */
export interface CompiledSchema {
  grammar: Grammar;
  unchecked: string[];
}

/**
 * Compiles a JSON schema to a grammar whose every complete string is JSON that validates against it, but
 * for the keywords it lists as unchecked (e.g. `uniqueItems`, `multipleOf`, a fractional `maximum`).
 * Properties come in declaration order; with `additionalProperties` true or absent only declared properties
 * are emitted (an object without declared properties takes any members). Strings count escapes as one
 * character and have no default length bound (set maxLength so small models finish); integers have at most
 * 15 digits so they stay exact. `oneOf` is a union: exclusivity is left to the final validation. Keywords
 * that cannot be enforced while decoding fail with BAD_REQUEST naming the keyword and its path.
 */
export function compileSchema(schema: JsonSchema): CompiledSchema {
  const compiler = new SchemaCompiler(schema);
  return { grammar: compiler.compile(), unchecked: compiler.unchecked };
}

/** The grammar of `compileSchema`. */
export function compileJsonSchema(schema: JsonSchema): Grammar {
  return compileSchema(schema).grammar;
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
  readonly unchecked: string[] = [];
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
      if (keyword === 'multipleOf') {
        if (typeof value !== 'number' || !(value > 0))
          reject(`${path}/multipleOf`, 'must be a number above 0.');
        this.unchecked.push(`${path}/multipleOf`);
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
      if (['minLength', 'maxLength', 'pattern', 'format'].some((keyword) => keyword in schema))
        return ['string'];
      if (
        ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'].some((k) => k in schema)
      ) {
        return ['number'];
      }
      if ('uniqueItems' in schema) return ['array'];
      if ('minProperties' in schema || 'maxProperties' in schema) return ['object'];
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
        return this.string(schema, path);
      case 'integer':
        return this.integer(schema, path);
      case 'number':
        return this.number(schema, path);
      case 'boolean':
        return b.boolean();
      case 'null':
        return b.null();
    }
  }

  private string(schema: JsonSchema, path: string): GrammarElement {
    const min = count(schema, 'minLength', path, 0);
    const max = count(schema, 'maxLength', path, Infinity);
    const { pattern, format } = schema;
    if (pattern === undefined && format === undefined) return this.builder.string(min, max);
    if (pattern !== undefined && typeof pattern !== 'string') reject(`${path}/pattern`, 'must be a string.');
    if (format !== undefined && (typeof format !== 'string' || !Object.hasOwn(formatPatterns, format))) {
      reject(
        `${path}/format`,
        `the format ${JSON.stringify(format)} is not supported (supported: ${Object.keys(formatPatterns).join(', ')}).`,
      );
    }
    // The grammar follows the format (each is a bounded subset of zod's pattern for it), else the pattern;
    // the other is validated afterwards. A length bound up to repeatCap is exact in the grammar where the
    // grammar stays small, else it caps the pattern's repeats and is validated.
    const source = typeof format === 'string' ? (formatPatterns[format] as string) : (pattern as string);
    if (typeof format === 'string' && pattern !== undefined) this.unchecked.push(`${path}/pattern`);
    let compiled: PatternString;
    try {
      compiled = patternString(this.builder, source, min, max <= repeatCap ? max : Infinity);
    } catch (error) {
      if (!(error instanceof PatternError)) throw error;
      return reject(
        `${path}/pattern`,
        `the pattern ${JSON.stringify(pattern)} is outside the supported subset: ${error.message}.`,
      );
    }
    if (!compiled.lengthExact) {
      if (min > 0) this.unchecked.push(`${path}/minLength`);
      if (max < Infinity) this.unchecked.push(`${path}/maxLength`);
    }
    return (
      compiled.element ??
      reject(
        `${path}/${typeof format === 'string' ? 'format' : 'pattern'}`,
        `no string of ${min} to ${max} characters matches it.`,
      )
    );
  }

  private integer(schema: JsonSchema, path: string): GrammarElement {
    const { lower, upper } = bounds(schema, path);
    const [low, high] = integerBounds(lower, upper);
    if (low === -integerLimit && high === integerLimit) return this.builder.integer();
    const range = low <= high ? integerRange(this.builder, low, high) : undefined;
    return range ?? reject(path, 'no integer of at most 15 digits lies within its bounds.');
  }

  private number(schema: JsonSchema, path: string): GrammarElement {
    const { lower, upper } = bounds(schema, path);
    if (!lower && !upper) return this.builder.number();
    const range = numberRange(this.builder, lower, upper);
    if (!range.exact) {
      const fractional = [lower, upper].find((bound) => bound && !Number.isInteger(bound.value));
      this.unchecked.push(`${path}/${fractional?.keyword ?? 'maximum'}`);
    }
    return range.element ?? reject(path, 'no number lies within its bounds.');
  }

  private object(schema: JsonSchema, path: string): GrammarElement {
    const b = this.builder;
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
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
    const members = names.map((name) => {
      const propertyPath = `${path}/properties/${name.replaceAll('~', '~0').replaceAll('/', '~1')}`;
      const value = this.value(
        Object.hasOwn(properties, name) ? (properties[name] as Schema) : (additional ?? true),
        propertyPath,
      );
      return [...b.literal(JSON.stringify(name)), this.space, ...b.literal(':'), this.space, value];
    });
    const optional = names.map((name) => !required.includes(name));
    const body = declaredMembers(
      b,
      members,
      optional,
      count(schema, 'minProperties', path, 0),
      count(schema, 'maxProperties', path, Infinity),
    );
    if (!body) {
      reject(
        `${path}/${'minProperties' in schema ? 'minProperties' : 'maxProperties'}`,
        'no object of the declared properties has a number of properties within the bounds (Lore writes only declared properties).',
      );
    }
    return b.rule('object', [[...open, body, ...close]]);
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
    if (schema.uniqueItems === true) {
      const unique = this.uniqueItems(items, prefix, min, max, path);
      if (unique) return unique;
      this.unchecked.push(`${path}/uniqueItems`);
    }
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

  /** Distinct items by grammar when they come from a small enum; undefined when only validation can tell. */
  private uniqueItems(items: Schema | undefined, prefix: Schema[], min: number, max: number, path: string) {
    if (prefix.length > 0 || typeof items !== 'object' || items === null) return undefined;
    const values = items.const !== undefined ? [items.const] : items.enum;
    const others = Object.keys(items).filter(
      (key) => key !== 'enum' && key !== 'const' && !annotations.has(key),
    );
    if (others.length > 0 || !Array.isArray(values) || values.length > uniqueEnumLimit) return undefined;
    // Objects could be equal with their keys in another order; primitives are equal when their JSON is.
    if (values.some((value) => typeof value === 'object' && value !== null)) return undefined;
    const texts = [...new Set(values.map((value) => JSON.stringify(value)))];
    const literals = texts.map((text) => this.builder.literal(text));
    return (
      uniqueLiteralArray(this.builder, literals, min, max) ??
      reject(`${path}/minItems`, `needs ${min} distinct items but the enum has ${texts.length} values.`)
    );
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

/** The tightest lower and upper bound of a numeric schema. */
function bounds(
  schema: JsonSchema,
  path: string,
): { lower?: Bound & { keyword: string }; upper?: Bound & { keyword: string } } {
  const read = (keyword: string, exclusive: boolean) => {
    const value = schema[keyword];
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      return reject(
        `${path}/${keyword}`,
        `${keyword} must be a number (the draft-04 boolean form is not supported).`,
      );
    }
    return { value, exclusive, keyword };
  };
  const tighter = (
    a: (Bound & { keyword: string }) | undefined,
    b: (Bound & { keyword: string }) | undefined,
    sign: number,
  ) => {
    if (!a || !b) return a ?? b;
    if (a.value === b.value) return a.exclusive ? a : b;
    return (a.value - b.value) * sign > 0 ? a : b;
  };
  const lower = tighter(read('minimum', false), read('exclusiveMinimum', true), 1);
  const upper = tighter(read('maximum', false), read('exclusiveMaximum', true), -1);
  if (
    lower &&
    upper &&
    (lower.value > upper.value || (lower.value === upper.value && (lower.exclusive || upper.exclusive)))
  ) {
    reject(`${path}/${lower.keyword}`, `no number lies between ${lower.keyword} and ${upper.keyword}.`);
  }
  return { ...(lower && { lower }), ...(upper && { upper }) };
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

/**
 * The members of an object with declared properties, in order, with between `min` and `max` of them:
 * tail(index, written) is the members from `index` on after `written` were written (written counts past
 * what matters are alike). Undefined when no count fits.
 */
function declaredMembers(
  b: JsonGrammarBuilder,
  members: GrammarElement[][],
  optional: boolean[],
  min: number,
  max: number,
): GrammarElement | undefined {
  const cap = max === Number.POSITIVE_INFINITY ? Math.max(min, 1) : max;
  const end = b.rule('members-end', [[]]);
  let next: (GrammarElement | undefined)[] = Array.from({ length: cap + 1 }, (_, written) =>
    written >= min ? end : undefined,
  );
  for (let index = members.length - 1; index >= 0; index--) {
    const member = members[index] as GrammarElement[];
    const tails = next;
    next = tails.map((_, written) => {
      const alternatives: GrammarElement[][] = [];
      const after = written + 1 > cap ? (max === Number.POSITIVE_INFINITY ? cap : undefined) : written + 1;
      const rest = after === undefined ? undefined : tails[after];
      if (rest) {
        const separator = written > 0 ? [b.space, ...b.literal(','), b.space] : [b.space];
        alternatives.push([...separator, ...member, rest]);
      }
      const skip = tails[written];
      if (optional[index] && skip) alternatives.push([skip]);
      return alternatives.length > 0 ? b.rule('members', alternatives) : undefined;
    });
  }
  return next[0];
}

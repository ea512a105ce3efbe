/**
 * A tiny runtime schema library: each schema both validates an unknown value and names its
 * static type, so the protocol's TypeScript types and its runtime checks cannot drift apart.
 * Validators never throw; they return the first problem with a path.
 */
export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

export interface Schema<T> {
  readonly check: (value: unknown, path: string) => Result<T>;
  /** What the schema accepts, as data: tests generate every message a schema allows from it. */
  readonly description: SchemaDescription;
}

export type SchemaDescription =
  | { kind: 'string'; maxLength: number }
  | { kind: 'number' }
  | { kind: 'integer'; min: number; max: number }
  | { kind: 'boolean' }
  | { kind: 'literal'; value: string | number | boolean }
  | { kind: 'oneOf'; choices: readonly string[] }
  | { kind: 'nullable'; inner: SchemaDescription }
  | { kind: 'optional'; inner: SchemaDescription }
  | { kind: 'array'; item: SchemaDescription; maxLength: number }
  | { kind: 'numberRecord'; maxKeys: number }
  | { kind: 'record'; inner: SchemaDescription; maxKeys: number }
  | { kind: 'object'; fields: Readonly<Record<string, SchemaDescription>> }
  | { kind: 'taggedUnion'; variants: Readonly<Record<string, SchemaDescription>> }
  | { kind: 'union'; members: readonly SchemaDescription[] }
  /** Batch series as typed-array columns of one length (protocol/batchColumns.ts). */
  | { kind: 'batchColumns'; maxMetrics: number };

export type Infer<S> = S extends Schema<infer T> ? T : never;

const MAX_STRING_LENGTH = 64 * 1024;

function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

function fail<T>(path: string, expected: string, value: unknown): Result<T> {
  const got = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  return { ok: false, error: `${path || 'message'}: expected ${expected}, got ${got}` };
}

export function string(maxLength = MAX_STRING_LENGTH): Schema<string> {
  return {
    description: { kind: 'string', maxLength },
    check: (value, path) =>
      typeof value === 'string' && value.length <= maxLength
        ? ok(value)
        : fail(path, `a string of at most ${maxLength} characters`, value),
  };
}

/** Any JSON number, including NaN and ±Infinity (losses can diverge; that is data, not an error). */
export function number(): Schema<number> {
  return {
    description: { kind: 'number' },
    check: (value, path) => (typeof value === 'number' ? ok(value) : fail(path, 'a number', value)),
  };
}

export function integer(min = 0, max = Number.MAX_SAFE_INTEGER): Schema<number> {
  return {
    description: { kind: 'integer', min, max },
    check: (value, path) =>
      typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
        ? ok(value)
        : fail(path, `an integer in [${min}, ${max}]`, value),
  };
}

export function boolean(): Schema<boolean> {
  return {
    description: { kind: 'boolean' },
    check: (value, path) => (typeof value === 'boolean' ? ok(value) : fail(path, 'a boolean', value)),
  };
}

export function literal<const L extends string | number | boolean>(expected: L): Schema<L> {
  return {
    description: { kind: 'literal', value: expected },
    check: (value, path) => (value === expected ? ok(expected) : fail(path, JSON.stringify(expected), value)),
  };
}

export function oneOf<const L extends string>(...choices: L[]): Schema<L> {
  return {
    description: { kind: 'oneOf', choices },
    check: (value, path) =>
      typeof value === 'string' && (choices as string[]).includes(value)
        ? ok(value as L)
        : fail(path, `one of ${choices.join(', ')}`, value),
  };
}

export function nullable<T>(inner: Schema<T>): Schema<T | null> {
  return {
    description: { kind: 'nullable', inner: inner.description },
    check: (value, path) => (value === null ? ok(null) : inner.check(value, path)),
  };
}

export function array<T>(item: Schema<T>, maxLength = 100_000): Schema<T[]> {
  return {
    description: { kind: 'array', item: item.description, maxLength },
    check: (value, path) => {
      if (!Array.isArray(value) || value.length > maxLength) {
        return fail(path, `an array of at most ${maxLength} items`, value);
      }
      for (let i = 0; i < value.length; i++) {
        const result = item.check(value[i], `${path}[${i}]`);
        if (!result.ok) return result;
      }
      return ok(value as T[]);
    },
  };
}

/** A string-keyed map of numbers (metric name to value), bounded in size. */
export function numberRecord(maxKeys = 64): Schema<Record<string, number>> {
  return {
    description: { kind: 'numberRecord', maxKeys },
    check: (value, path) => {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        return fail(path, 'an object of numbers', value);
      }
      const entries = Object.entries(value);
      if (entries.length > maxKeys) return fail(path, `at most ${maxKeys} keys`, value);
      for (const [key, entry] of entries) {
        if (typeof entry !== 'number') return fail(`${path}.${key}`, 'a number', entry);
      }
      return ok(value as Record<string, number>);
    },
  };
}

type Shape = Record<string, Schema<unknown>>;
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends OptionalSchema<unknown> ? K : never }[keyof S];
type ObjectType<S extends Shape> = {
  [K in Exclude<keyof S, OptionalKeys<S>>]: Infer<S[K]>;
} & { [K in OptionalKeys<S>]?: Infer<S[K]> };

export interface OptionalSchema<T> extends Schema<T | undefined> {
  readonly optional: true;
}

export function optional<T>(inner: Schema<T>): OptionalSchema<T> {
  return {
    optional: true,
    description: { kind: 'optional', inner: inner.description },
    check: (value, path) => (value === undefined ? ok(undefined) : inner.check(value, path)),
  };
}

/** An object with exactly the listed keys checked; unknown extra keys are dropped from the result. */
export function object<S extends Shape>(shape: S): Schema<{ [K in keyof ObjectType<S>]: ObjectType<S>[K] }> {
  return {
    description: {
      kind: 'object',
      fields: Object.fromEntries(Object.entries(shape).map(([key, schema]) => [key, schema.description])),
    },
    check: (value, path) => {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail(path, 'an object', value);
      const input = value as Record<string, unknown>;
      const output: Record<string, unknown> = {};
      for (const [key, schema] of Object.entries(shape)) {
        const result = schema.check(input[key], path ? `${path}.${key}` : key);
        if (!result.ok) return result;
        if (result.value !== undefined) output[key] = result.value;
      }
      return ok(output as { [K in keyof ObjectType<S>]: ObjectType<S>[K] });
    },
  };
}

/** A union discriminated by its `type` field; the error names the unknown type. */
export function taggedUnion<const Variants extends Record<string, Schema<{ type: string }>>>(
  variants: Variants,
): Schema<Infer<Variants[keyof Variants]>> {
  return {
    description: {
      kind: 'taggedUnion',
      variants: Object.fromEntries(Object.entries(variants).map(([type, schema]) => [type, schema.description])),
    },
    check: (value, path) => {
      const type = typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
      if (typeof type !== 'string' || !Object.hasOwn(variants, type)) {
        return fail(`${path}.type`.replace(/^\./, ''), `one of ${Object.keys(variants).join(', ')}`, type);
      }
      const variant = variants[type] as Schema<{ type: string }>;
      return variant.check(value, path) as Result<Infer<Variants[keyof Variants]>>;
    },
  };
}

/** A boundary's validator: the whole message is checked, errors name the path from its root. */
export function parser<T>(schema: Schema<T>): ((value: unknown) => Result<T>) & { readonly schema: Schema<T> } {
  return Object.assign((value: unknown) => schema.check(value, ''), { schema });
}

/** A string-keyed map whose values all match `inner`, bounded in size. */
export function record<T>(inner: Schema<T>, maxKeys = 64): Schema<Record<string, T>> {
  return {
    description: { kind: 'record', inner: inner.description, maxKeys },
    check: (value, path) => {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail(path, 'an object', value);
      const entries = Object.entries(value);
      if (entries.length > maxKeys) return fail(path, `at most ${maxKeys} keys`, value);
      for (const [key, entry] of entries) {
        const result = inner.check(entry, `${path}.${key}`);
        if (!result.ok) return result;
      }
      return ok(value as Record<string, T>);
    },
  };
}

/** The first of the schemas that accepts the value; the error lists what each expected. */
export function union<const Schemas extends Schema<unknown>[]>(...schemas: Schemas): Schema<Infer<Schemas[number]>> {
  return {
    description: { kind: 'union', members: schemas.map((schema) => schema.description) },
    check: (value, path) => {
      const errors: string[] = [];
      for (const schema of schemas) {
        const result = schema.check(value, path);
        if (result.ok) return result as Result<Infer<Schemas[number]>>;
        errors.push(result.error);
      }
      return { ok: false, error: errors.join('; or ') };
    },
  };
}

/** fast-check generators of the values a protocol schema accepts, made from its description. */
import fc from 'fast-check';
import type { SchemaDescription } from '../../extension/protocol/schema';

const INT32 = 2 ** 31 - 1;
/** Plain objects, as JSON.parse and structured clones make them. */
const plain = { noNullPrototype: true } as const;
const key = fc.stringMatching(/^[a-z_]{1,12}$/);

function integerIn(min: number, max: number): fc.Arbitrary<number> {
  const inner = fc.integer({ min: Math.max(min, -INT32), max: Math.min(max, INT32) });
  return fc.oneof(fc.constant(min), fc.constant(max), inner);
}

export function arbitraryFor(description: SchemaDescription): fc.Arbitrary<unknown> {
  switch (description.kind) {
    case 'string':
      return fc.string({ maxLength: Math.min(description.maxLength, 40) });
    case 'number':
      return fc.double();
    case 'integer':
      return integerIn(description.min, description.max);
    case 'boolean':
      return fc.boolean();
    case 'literal':
      return fc.constant(description.value);
    case 'oneOf':
      return fc.constantFrom(...description.choices);
    case 'nullable':
      return fc.option(arbitraryFor(description.inner), { nil: null });
    case 'optional':
      return arbitraryFor(description.inner);
    case 'array':
      return fc.array(arbitraryFor(description.item), { maxLength: Math.min(description.maxLength, 4) });
    case 'numberRecord':
      return fc.dictionary(key, fc.double(), { maxKeys: Math.min(description.maxKeys, 4), ...plain });
    case 'record':
      return fc.dictionary(key, arbitraryFor(description.inner), {
        maxKeys: Math.min(description.maxKeys, 3),
        ...plain,
      });
    case 'object': {
      const fields = Object.entries(description.fields);
      return fc.record(Object.fromEntries(fields.map(([name, field]) => [name, arbitraryFor(field)])), {
        requiredKeys: fields.filter(([, field]) => field.kind !== 'optional').map(([name]) => name),
        ...plain,
      });
    }
    case 'taggedUnion':
      return fc.oneof(...Object.values(description.variants).map(arbitraryFor));
    case 'union':
      return fc.oneof(...description.members.map(arbitraryFor));
    case 'batchColumns':
      return batchColumns(Math.min(description.maxMetrics, 3));
  }
}

/** Columns of one length: typed arrays per field and per metric (NaN and infinities are data). */
function batchColumns(maxMetrics: number): fc.Arbitrary<unknown> {
  return fc.integer({ min: 0, max: 6 }).chain((length) => {
    const floats = fc.array(fc.double(), { minLength: length, maxLength: length }).map((v) => Float64Array.from(v));
    const counts = fc.array(fc.nat(), { minLength: length, maxLength: length }).map((v) => Uint32Array.from(v));
    return fc.record(
      {
        epoch: counts,
        batch: counts,
        step: floats,
        time: floats,
        logs: fc.dictionary(key, floats, { maxKeys: maxMetrics, ...plain }),
      },
      plain,
    );
  });
}

/** Each message type a parser's schema accepts, with its generator (one entry when it is not a tagged union). */
export function messageTypes(description: SchemaDescription): [string, fc.Arbitrary<unknown>][] {
  if (description.kind !== 'taggedUnion') return [['(the message)', arbitraryFor(description)]];
  return Object.entries(description.variants).map(([type, variant]) => [type, arbitraryFor(variant)]);
}

/**
 * Fuzzes every validator at a process or webview boundary with fast-check: random and hostile
 * values never throw past them, invalid input is rejected with the path of the problem, and valid
 * generated messages are accepted unchanged.
 *
 * What can reach a validator: values decoded from JSON (Node IPC with `serialization: 'json'`,
 * run files) or structured clones (IPC with `serialization: 'advanced'`, webview postMessage).
 * Neither can carry getters, proxies or class instances with behaviour — a clone turns accessors
 * into plain data at the sender, and a throwing getter fails there — so those are not inputs the
 * validators must survive; the last test shows why.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import * as v8 from 'node:v8';
import fc from 'fast-check';
import type { Result, Schema } from '../../extension/protocol/schema';
import { PROTOCOL_VERSION } from '../../extension/protocol/version';
import { runInfoSchema } from '../../extension/runs/runFiles';
import { messageTypes } from './schemaArbitrary';

type Parse = ((value: unknown) => Result<unknown>) & { schema?: Schema<unknown> };

const PROTOCOL_DIR = path.join(__dirname, '..', '..', 'extension', 'protocol');

/** Every `parse*` function the protocol exports, found by name so new message families are fuzzed too. */
function discoverParsers(): Map<string, Parse> {
  const parsers = new Map<string, Parse>();
  for (const file of fs.readdirSync(PROTOCOL_DIR).filter((name) => name.endsWith('.ts'))) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const module = require(path.join(PROTOCOL_DIR, file)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(module)) {
      if (/^parse[A-Z]/.test(name) && typeof value === 'function') parsers.set(name, value as Parse);
    }
  }
  parsers.set(
    'runInfoSchema.check',
    Object.assign((value: unknown) => runInfoSchema.check(value, ''), { schema: runInfoSchema }),
  );
  return parsers;
}

const PARSERS = discoverParsers();
const RUNS = { numRuns: 300 };

/** The variant names a tagged union accepts, read from its own error message for `{}`. */
function variantTypes(parse: Parse): string[] {
  const result = parse({});
  const match = result.ok ? null : /expected one of (.*), got/.exec(result.error);
  return match?.[1]?.split(', ') ?? [];
}

const PROBLEM = /^(message|[^\s:]+): expected .+, got \w+$/;

function assertRejectedOrAccepted(parse: Parse, value: unknown): void {
  const result = parse(value);
  if (!result.ok) assert.match(result.error, PROBLEM, `error without a path: ${result.error}`);
}

/** Values a structured clone can carry beyond JSON: typed arrays, maps, sets, dates, bigints, null prototypes. */
const cloneable = fc.anything({
  maxDepth: 4,
  withBigInt: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withTypedArray: true,
  withSparseArray: true,
  withNullPrototype: true,
  withBoxedValues: true,
});

/** Objects that look like a message: a real variant name, the version, and random fields. */
function messageLike(parse: Parse): fc.Arbitrary<unknown> {
  const types = variantTypes(parse);
  const field = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.double(), cloneable);
  return fc
    .tuple(fc.constantFrom(...(types.length > 0 ? types : ['x'])), fc.dictionary(fc.string({ maxLength: 12 }), field))
    .map(([type, fields]) => ({ ...fields, v: PROTOCOL_VERSION, type }));
}

describe('protocol validators never throw past themselves', () => {
  it('discovers the parse functions of every message family', () => {
    for (const name of ['parseTrainerMessage', 'parseHostMessage', 'parsePanelMessage', 'parseHostToPanelMessage'])
      assert.ok(PARSERS.has(name), name);
  });

  for (const [name, parse] of PARSERS) {
    it(`${name}: random JSON, cloneable values and message-like objects are rejected with a path or accepted`, () => {
      fc.assert(
        fc.property(fc.oneof(fc.jsonValue(), cloneable, messageLike(parse)), (value) =>
          assertRejectedOrAccepted(parse, value),
        ),
        RUNS,
      );
    });
  }

  it('deeply nested input is rejected without recursion into it', () => {
    const deep: unknown = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    const deepObject = JSON.parse(`${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`) as unknown;
    for (const parse of PARSERS.values()) {
      assertRejectedOrAccepted(parse, deep);
      assertRejectedOrAccepted(parse, deepObject);
      assertRejectedOrAccepted(parse, { v: PROTOCOL_VERSION, type: 'batches', records: deep });
    }
  });

  it('huge arrays and strings are rejected by size, quickly', () => {
    const parse = PARSERS.get('parseTrainerMessage') as Parse;
    const records = new Array(1_000_000).fill({ epoch: 1, batch: 0, step: 1, time: 0, logs: {} });
    const started = performance.now();
    const tooMany = parse({ v: PROTOCOL_VERSION, type: 'batches', records });
    const tooLong = parse({ v: PROTOCOL_VERSION, type: 'log', level: 'info', text: 'x'.repeat(10_000_000) });
    assert.ok(performance.now() - started < 100, 'size checks come before item checks');
    assert.deepEqual(tooMany, { ok: false, error: 'records: expected an array of at most 10000 items, got array' });
    assert.equal(tooLong.ok, false);
    assert.match(tooLong.ok ? '' : tooLong.error, /^text: expected a string of at most 65536 characters/);
    const manyLogs = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`m${i}`, i]));
    const batch = { epoch: 1, batch: 0, step: 1, time: 0, logs: manyLogs };
    assert.match(JSON.stringify(parse({ v: PROTOCOL_VERSION, type: 'batches', records: [batch] })), /at most 64 keys/);
  });

  it('__proto__, constructor and prototype keys from JSON pollute nothing', () => {
    const hostile = JSON.parse(
      `{"v":${PROTOCOL_VERSION},"type":"batches","__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},` +
        '"records":[{"epoch":1,"batch":0,"step":1,"time":0,"logs":{"__proto__":5,"loss":1}}]}',
    ) as unknown;
    const parsed = (PARSERS.get('parseTrainerMessage') as Parse)(hostile);
    assert.ok(parsed.ok);
    const value = parsed.value as { records: { logs: Record<string, number> }[] };
    assert.equal(Object.getPrototypeOf(value), Object.prototype);
    assert.equal(({} as { polluted?: number }).polluted, undefined);
    assert.ok(!Object.hasOwn(value, '__proto__'), 'unknown keys are dropped');
    const logs = value.records[0]?.logs ?? {};
    assert.deepEqual({ ...logs }, JSON.parse('{"__proto__":5,"loss":1}'));
    for (const parse of PARSERS.values()) assertRejectedOrAccepted(parse, JSON.parse('{"__proto__":{"type":"ready"}}'));
  });

  it('NaN and ±Infinity are data in number fields and rejected by integer fields', () => {
    const parse = PARSERS.get('parseTrainerMessage') as Parse;
    const batch = (overrides: Record<string, unknown>) => ({
      v: PROTOCOL_VERSION,
      type: 'batches',
      records: [{ epoch: 1, batch: 0, step: 1, time: 0, logs: { loss: Number.NaN, acc: -Infinity }, ...overrides }],
    });
    assert.ok(parse(batch({ time: Infinity })).ok);
    for (const step of [Number.NaN, Infinity, 1.5, 0, -1, 2 ** 53]) {
      const result = parse(batch({ step }));
      assert.equal(result.ok, false, `step ${step}`);
      assert.match(result.ok ? '' : result.error, /^records\[0\]\.step: expected an integer/);
    }
  });

  it('getters and proxies cannot cross a boundary: a clone has plain data, a throwing getter fails at the sender', () => {
    const withGetter = {
      get type() {
        return 'ready';
      },
    };
    assert.deepEqual(Object.getOwnPropertyDescriptor(v8.deserialize(v8.serialize(withGetter)), 'type')?.value, 'ready');
    const throwing = {
      get type(): string {
        throw new Error('boom');
      },
    };
    assert.throws(() => v8.serialize(throwing), /boom/);
    assert.throws(() => JSON.stringify(throwing), /boom/);
  });
});

// ---- valid messages, generated from the schemas' shapes -------------------------------------

/** Plain objects, as JSON.parse and structured clones make them (fast-check also makes null-prototype ones). */
const plain = { noNullPrototype: true } as const;
const v = fc.constant(PROTOCOL_VERSION);
const count = fc.integer({ min: 0, max: 1_000_000_000 });
const text = (maxLength: number) => fc.string({ maxLength });
const logs = fc.dictionary(fc.stringMatching(/^[a-z_]{1,12}$/), fc.double(), { maxKeys: 8, ...plain });
const batchRecord = fc.record(
  { epoch: count, batch: count, step: fc.integer({ min: 1 }), time: fc.double(), logs },
  plain,
);
const epochRecord = fc.record(
  {
    epoch: count,
    step: count,
    time: fc.double(),
    durationMs: fc.double(),
    samplesPerSec: fc.double(),
    logs,
  },
  plain,
);
const location = fc.record(
  {
    file: text(200),
    line: fc.integer({ min: 1, max: 1e6 }),
    column: fc.integer({ min: 1, max: 1e6 }),
  },
  plain,
);
const trainerError = fc.record(
  {
    kind: fc.constantFrom('build', 'contract', 'model', 'data', 'training', 'process', 'internal'),
    message: text(500),
    location,
    hint: text(200),
    stack: text(500),
  },
  { requiredKeys: ['kind', 'message'], ...plain },
);

const trainerMessages = fc.oneof(
  fc.record({ v, type: fc.constant('phase'), phase: fc.constantFrom('bundling', 'training', 'evaluating') }, plain),
  fc.record(
    {
      v,
      type: fc.constant('runCreated'),
      runId: text(64),
      runDir: text(200),
      modelFile: text(200),
      command: fc.constantFrom('train', 'evaluate', 'resume'),
      startedAt: fc.double(),
      resumedAtStep: count,
    },
    { requiredKeys: ['v', 'type', 'runId', 'runDir', 'modelFile', 'command', 'startedAt'], ...plain },
  ),
  fc.record({ v, type: fc.constant('batches'), records: fc.array(batchRecord, { maxLength: 20 }) }, plain),
  fc.record({ v, type: fc.constant('epochEnd'), record: epochRecord }, plain),
  fc.record({ v, type: fc.constant('evaluation'), split: text(64), checkpoint: text(200), logs }, plain),
  fc.record(
    {
      v,
      type: fc.constant('control'),
      record: fc.record(
        {
          action: fc.constantFrom('pause', 'continue', 'addEpochs', 'setLearningRate', 'resume', 'stop'),
          step: count,
          epoch: count,
          time: fc.double(),
          value: fc.option(fc.double(), { nil: null }),
        },
        plain,
      ),
    },
    plain,
  ),
  fc.record(
    {
      v,
      type: fc.constant('runEnded'),
      status: fc.constantFrom('completed', 'stopped', 'failed'),
      endedAt: fc.double(),
      error: trainerError,
    },
    { requiredKeys: ['v', 'type', 'status', 'endedAt'], ...plain },
  ),
  fc.record({ v, type: fc.constant('log'), level: fc.constantFrom('info', 'warning'), text: text(1000) }, plain),
);

const hostMessages = fc.oneof(
  fc.record({ v, type: fc.constantFrom('stop', 'pauseTraining', 'continueTraining') }, plain),
  fc.record({ v, type: fc.constant('addEpochs'), epochs: fc.integer({ min: 1, max: 1_000_000 }) }, plain),
  fc.record({ v, type: fc.constant('setLearningRate'), learningRate: fc.double() }, plain),
  fc.record(
    {
      v,
      type: fc.constant('start'),
      command: fc.constantFrom('train', 'evaluate', 'resume', 'inspect', 'preflight', 'findLearningRate'),
      modelFile: text(200),
      options: fc.record(
        {
          backend: fc.constantFrom('auto', 'tensorflow', 'wasm', 'cpu'),
          epochs: fc.integer({ min: 1, max: 1_000_000 }),
          batchSize: fc.integer({ min: 1, max: 1_000_000 }),
          workspaceDir: text(200),
          sampleEveryBatches: fc.integer({ min: 0, max: 1_000_000 }),
          resumeRunDir: text(200),
        },
        { requiredKeys: ['backend'], ...plain },
      ),
    },
    plain,
  ),
);

const panelMessages = fc.oneof(
  fc.record({ v, type: fc.constant('ready') }, plain),
  fc.record(
    { v, type: fc.constantFrom('stop', 'openModelFile', 'pause', 'continue', 'resume', 'evaluate'), runId: text(64) },
    plain,
  ),
  fc.record(
    { v, type: fc.constant('addEpochs'), runId: text(64), epochs: fc.integer({ min: 1, max: 1_000_000 }) },
    plain,
  ),
  fc.record({ v, type: fc.constant('setLearningRate'), runId: text(64), learningRate: fc.double() }, plain),
  fc.record({ v, type: fc.constant('train'), modelFile: text(200) }, { requiredKeys: ['v', 'type'], ...plain }),
);

const families: [string, fc.Arbitrary<unknown>][] = [
  ['parseTrainerMessage', trainerMessages],
  ['parseHostMessage', hostMessages],
  ['parsePanelMessage', panelMessages],
];

interface Leaf {
  path: string;
  value: unknown;
}

function leaves(value: unknown, at = ''): Leaf[] {
  if (typeof value !== 'object' || value === null) return [{ path: at, value }];
  if (Array.isArray(value)) return value.flatMap((item, i) => leaves(item, `${at}[${i}]`));
  return Object.entries(value).flatMap(([key, item]) => leaves(item, at ? `${at}.${key}` : key));
}

/** A value of another JSON type than the leaf's, that no schema field accepts in its place. */
function wrongType(value: unknown): unknown {
  if (typeof value === 'number') return String(value);
  if (value === null) return true;
  return 1;
}

function setAt(value: unknown, leafPath: string, replacement: unknown): unknown {
  const copy = structuredClone(value) as Record<string, unknown>;
  const keys = leafPath.match(/[^.[\]]+/g) ?? [];
  let node: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[keys[keys.length - 1] as string] = replacement;
  return copy;
}

describe('every message type of every parser, generated from its schema, is accepted unchanged', () => {
  it('every parser carries its schema', () => {
    for (const [name, parse] of PARSERS) assert.ok(parse.schema, `${name} was not made by parser(schema)`);
  });

  for (const [name, parse] of PARSERS) {
    for (const [type, arbitrary] of messageTypes((parse.schema as Schema<unknown>).description)) {
      it(`${name}: ${type}`, () => {
        fc.assert(
          fc.property(arbitrary, (message) => {
            const result = parse(message);
            assert.ok(result.ok, result.ok ? '' : result.error);
            assert.deepEqual(result.value, message);
          }),
          { numRuns: 50 },
        );
      });
    }
  }
});

describe('valid generated messages are accepted; one broken field is rejected at its path', () => {
  for (const [name, arbitrary] of families) {
    const parse = PARSERS.get(name) as Parse;

    it(`${name} accepts what the protocol allows, unchanged`, () => {
      fc.assert(
        fc.property(arbitrary, (message) => {
          const result = parse(message);
          assert.ok(result.ok, result.ok ? '' : result.error);
          assert.deepEqual(result.value, message);
        }),
        RUNS,
      );
    });

    it(`${name} rejects a message with one leaf of the wrong type, naming that leaf`, () => {
      fc.assert(
        fc.property(arbitrary, fc.nat(), (message, pick) => {
          const all = leaves(message);
          const leaf = all[pick % all.length] as Leaf;
          const result = parse(setAt(message, leaf.path, wrongType(leaf.value)));
          assert.equal(result.ok, false, `accepted a broken ${leaf.path}`);
          assert.ok(!result.ok && result.error.startsWith(`${leaf.path}: expected `), !result.ok ? result.error : '');
        }),
        RUNS,
      );
    });
  }
});

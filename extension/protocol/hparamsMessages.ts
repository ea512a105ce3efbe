/**
 * Messages between the extension host and the HParams view (one sweep: its trials, their
 * parameters and metric, and each trial's metric per epoch). Validated on arrival, both ways.
 */
import { readyMessageSchema, v } from './envelope';
import {
  array,
  boolean,
  integer,
  literal,
  nullable,
  number,
  object,
  string,
  taggedUnion,
  parser,
  type Infer,
} from './schema';
import { sweepRecordSchema } from './sweep';

/** A trial's metric at each epoch it reported (epoch numbers from 1). */
export const trialCurveSchema = object({
  index: integer(0),
  epochs: array(integer(0), 100_000),
  values: array(nullable(number()), 100_000),
});
export type TrialCurve = Infer<typeof trialCurveSchema>;

export const hostToHparamsSchema = taggedUnion({
  /** The sweep as recorded now; sent after `ready` and whenever sweep.json or a trial's metrics change. */
  sweep: object({
    v,
    type: literal('sweep'),
    record: sweepRecordSchema,
    /** The model file as the editor's titles name it (`mlp-synthetic/model.ts`), for the view's heading. */
    modelName: string(4096),
    curves: array(trialCurveSchema, 100_000),
    /** This window is running the sweep, so Stop applies. */
    running: boolean(),
  }),
});
export type HostToHparams = Infer<typeof hostToHparamsSchema>;

export const hparamsToHostSchema = taggedUnion({
  ready: readyMessageSchema,
  /** Write the best trial's values into the model file's `config`. */
  applyBest: object({ v, type: literal('applyBest') }),
  /** Show a trial's run in the loss panel. */
  openTrial: object({ v, type: literal('openTrial'), index: integer(0) }),
  /** Open the Compare panel on these trials' runs. */
  compareTrials: object({ v, type: literal('compareTrials'), indices: array(integer(0), 64) }),
  /** Stop every running trial of the sweep. */
  stop: object({ v, type: literal('stop') }),
  /** Open sweep.json in an editor. */
  openRecord: object({ v, type: literal('openRecord') }),
});
export type HparamsToHost = Infer<typeof hparamsToHostSchema>;

export const parseHparamsMessage = parser(hparamsToHostSchema);

export const parseHostToHparamsMessage = parser(hostToHparamsSchema);

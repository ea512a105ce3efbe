/** The refusal to resume or evaluate a training script (it owns its loop), as a run failure. */
import * as path from 'node:path';
import { scriptOnlyTrains } from '../../protocol/model';
import { TrainerFailure } from '../failure';

export function scriptRefusal(
  modelFile: string,
  refused: 'resumed' | 'evaluated',
  checkpoint?: string,
): TrainerFailure {
  const { message, hint } = scriptOnlyTrains(path.basename(modelFile), refused, checkpoint);
  return new TrainerFailure('contract', message, undefined, hint);
}

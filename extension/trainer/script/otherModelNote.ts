/**
 * A script that trains a second model (an autoencoder, then a classifier on its encoder; a
 * teacher, then a student) continues the run it started with the first: its epochs go on the
 * same curve. That is said once per other model, so a jump in the loss is not read as the first
 * model's, and so nobody looks for the second model's layers and checkpoints.
 */
import type { LayersModel } from '@tensorflow/tfjs';
import { lossName } from '../trainingConfig';

export function otherModelNote(model: LayersModel, first: LayersModel): string {
  return (
    `This fit call trains another model (${model.name}, loss ${lossName(model)}) than the run's (${first.name}, loss ${lossName(first)}): ` +
    `its epochs and losses go on this run's curve, but layer inspection, hovers and checkpoints stay with ${first.name}.`
  );
}

/** A fit started while the run's fit trains (models trained side by side): it trains, unrecorded. */
export function concurrentFitNote(model: LayersModel): string {
  return `A fit call on ${model.name} started while another fit trains: it trains as under node but is not recorded (one run follows one fit at a time; fits trained side by side, as with Promise.all, would interleave their epochs).`;
}

/** Why a model's training step cannot run as one graph; the run then trains eagerly and says why. */
export class CompileUnsupported extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'CompileUnsupported';
  }
}

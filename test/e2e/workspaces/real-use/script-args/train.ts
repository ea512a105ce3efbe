// A training script with its own command line, as people write them: no createModel, it fits itself.
import * as tf from '@tensorflow/tfjs';

function parseArgs(argv: readonly string[]): { epochs: number; units: number } {
  const options = { epochs: 20, units: 8 };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--epochs') options.epochs = Number(argv[++i]);
    else if (argv[i] === '--units') options.units = Number(argv[++i]);
  }
  if (!Number.isInteger(options.epochs) || options.epochs < 1) throw new Error(`--epochs wants a whole number`);
  return options;
}

async function main(): Promise<void> {
  const { epochs, units } = parseArgs(process.argv.slice(2));
  const xs = tf.randomUniform([512, 3], -1, 1);
  const ys = xs.sum(1, true).mul(0.5).add(0.1);
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [3], units, activation: 'tanh' }));
  model.add(tf.layers.dense({ units: 1 }));
  model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
  await model.fit(xs, ys, { epochs, batchSize: 32, validationSplit: 0.2 });
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}

// `npm start` runs scripts/setup.js (install, native TensorFlow, build) and then this: open the
// examples in VS Code with the extension. The work is in scripts/vscode/start.ts, run through tsx.
import('tsx/esm/api')
  .then(({ tsImport }) => tsImport('./vscode/start.ts', { parentURL: `file://${__dirname}/start.js` }))
  .then(({ main }) => main())
  .then((code) => {
    process.exitCode = code;
  })
  .catch((error) => {
    console.error(`[tensorscope] ${error instanceof Error ? error.message : error}`);
    process.exitCode = 1;
  });

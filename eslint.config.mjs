import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** One `no-restricted-imports` rule for a folder (type-only imports included). */
function restrictImports(files, patterns) {
  return { files, rules: { 'no-restricted-imports': ['error', { patterns }] } };
}

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '**/.tensorscope/**', 'examples/**/node_modules/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
    },
  },
  // The architecture (DESIGN.md), enforced: each folder may import only what its runtime has.
  restrictImports(
    ['extension/protocol/**/*.ts'],
    [
      {
        regex: '^(?!\\./)',
        message: 'The protocol imports only the protocol (its own folder): no packages, no other code.',
      },
    ],
  ),
  restrictImports(
    ['extension/host/**/*.ts'],
    [
      {
        regex: '^@tensorflow/',
        message: 'The host never loads TensorFlow.js: training and inspection run in the trainer process.',
      },
      {
        regex: '(^|/)trainer(/|$)',
        message:
          'The host does not import the trainer (it runs in its own process); run-folder helpers live in extension/runs/.',
      },
      { regex: '(^|/)webview(/|$)', message: 'The host talks to webviews through the protocol only.' },
    ],
  ),
  // What the host shows people goes through vscode.l10n.t, so that translations can be added.
  {
    files: ['extension/host/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
        {
          selector:
            'CallExpression[callee.property.name=/^(show(Information|Warning|Error)Message|setStatusBarMessage|createWebviewPanel)$/] > :matches(Literal[raw=/^[\'"]/], TemplateLiteral)',
          message: 'Text shown to people goes through vscode.l10n.t (messages, actions, status bar, panel titles).',
        },
        {
          selector:
            "CallExpression[callee.property.name='t'][callee.object.property.name='l10n'][arguments.0.type!='Literal']",
          message:
            "vscode.l10n.t takes the message as a string literal ('… {0} …', values after it), so it can be extracted.",
        },
      ],
    },
  },
  restrictImports(
    ['extension/trainer/**/*.ts', 'extension/cli/**/*.ts'],
    [
      { regex: '^vscode$', message: 'The trainer and the CLI run outside VS Code: no `vscode`.' },
      { regex: '(^|/)host(/|$)', message: 'The trainer and the CLI never import the extension host.' },
      { regex: '(^|/)webview(/|$)', message: 'The trainer and the CLI never import webview code.' },
    ],
  ),
  restrictImports(
    ['extension/supervisor/**/*.ts'],
    [
      { regex: '^vscode$', message: 'The supervisor runs in the host and in the CLI: no `vscode`.' },
      {
        regex: '(^|/)(host|trainer|webview)(/|$)',
        message: 'The supervisor imports only the protocol, the run store and itself.',
      },
      { regex: '^@tensorflow/', message: 'The supervisor never loads TensorFlow.js.' },
    ],
  ),
  restrictImports(
    ['extension/source/**/*.ts'],
    [
      { regex: '^vscode$', message: 'Source-text helpers serve the trainer and the CLI too: no `vscode`.' },
      {
        regex: '(^|/)(host|trainer|webview|supervisor|runs|sweep)(/|$)',
        message: 'Source-text helpers import only the protocol and themselves.',
      },
      { regex: '^@tensorflow/', message: 'Source-text helpers read text; they never load TensorFlow.js.' },
    ],
  ),
  restrictImports(
    ['extension/runs/**/*.ts'],
    [
      { regex: '^vscode$', message: 'The run store is shared by the host, the trainer and the CLI: no `vscode`.' },
      { regex: '(^|/)(host|trainer|webview)(/|$)', message: 'The run store imports only the protocol and itself.' },
      { regex: '^@tensorflow/', message: 'The run store reads and writes files; it never loads TensorFlow.js.' },
    ],
  ),
  restrictImports(
    ['webview/**/*.ts'],
    [
      { regex: '^vscode$', message: 'Webview code runs in the browser: no `vscode`.' },
      {
        regex: '^(node:|@tensorflow/)',
        message: 'Webview code runs in the browser: no Node.js modules, no TensorFlow.js.',
      },
      { regex: '(^|/)extension/(?!protocol/)', message: 'Webview code imports only the protocol and webview code.' },
    ],
  ),
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);

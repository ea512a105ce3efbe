/**
 * A throw-away folder for one e2e session: code-server's profile, the workspace the tests open,
 * and the HOME-like folders (XDG_*, HISTFILE) that code-server, Chromium and the terminal write to.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type CodeServerProfile } from '../../../scripts/vscode/codeServer';

export interface Sandbox {
  root: string;
  profile: CodeServerProfile;
  workspace: string;
  /** Environment for every process the tests start, so nothing lands in the real $HOME. */
  env: NodeJS.ProcessEnv;
  remove(): void;
}

const SKIPPED_IN_COPY = new Set(['node_modules', '.tensorscope']);

export function createSandbox(workspaceSource: string): Sandbox {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tensorscope-e2e-'));
  const dir = (name: string): string => {
    const full = path.join(root, name);
    fs.mkdirSync(full, { recursive: true });
    return full;
  };
  const workspace = path.join(root, 'workspace');
  // realpath: a symlinked source would otherwise be copied as a link, and the tests would write into it.
  fs.cpSync(fs.realpathSync(workspaceSource), workspace, {
    recursive: true,
    filter: (source) => !SKIPPED_IN_COPY.has(path.basename(source)),
  });
  return {
    root,
    profile: { userDataDir: dir('user-data'), extensionsDir: dir('extensions') },
    workspace,
    env: {
      XDG_CONFIG_HOME: dir('config'),
      XDG_DATA_HOME: dir('data'),
      XDG_CACHE_HOME: dir('cache'),
      HISTFILE: path.join(root, 'bash_history'),
    },
    remove: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}

/**
 * The model file's git state when a run starts: the commit, the branch and the file's diff
 * against that commit, so a better run can be traced to the change that made it. Uses the
 * `git` executable in child processes with a short timeout; never throws.
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';

export interface GitInfo {
  commit: string;
  /** `null` on a detached HEAD. */
  branch: string | null;
  /** `git diff HEAD -- <file>`: empty when the file is unchanged since the commit. */
  diff: string;
}

export interface GitInfoOptions {
  /** Per git call; default 3 s. */
  timeoutMs?: number;
  /** The git executable; default `git` from PATH. */
  gitPath?: string;
  /** Diffs longer than this are cut (with a note), to keep run.json small; default 256 KiB less a margin. */
  maxDiffLength?: number;
}

const DEFAULT_TIMEOUT_MS = 3000;
const DEFAULT_MAX_DIFF = 256 * 1024 - 256;
const TRUNCATED_NOTE = '\n… (diff truncated by Tensorscope)\n';

/** The git state of `modelFile`, or undefined when it is not in a git repository, has no commit, or git is missing. */
export async function readGitInfo(modelFile: string, options: GitInfoOptions = {}): Promise<GitInfo | undefined> {
  const git = gitRunner(path.dirname(modelFile), options);
  const commit = await git(['rev-parse', '--verify', 'HEAD']);
  if (commit === undefined || !/^[0-9a-f]{7,64}$/.test(commit.trim())) return undefined;
  const [branch, diff] = await Promise.all([
    git(['rev-parse', '--abbrev-ref', 'HEAD']),
    git(['diff', '--no-color', '--no-ext-diff', 'HEAD', '--', path.basename(modelFile)]),
  ]);
  const branchName = branch?.trim();
  return {
    commit: commit.trim(),
    branch: branchName === undefined || branchName === '' || branchName === 'HEAD' ? null : branchName,
    diff: truncate(diff ?? '', options.maxDiffLength ?? DEFAULT_MAX_DIFF),
  };
}

type GitRunner = (args: string[]) => Promise<string | undefined>;

function gitRunner(cwd: string, options: GitInfoOptions): GitRunner {
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return (args) =>
    new Promise((resolve) => {
      execFile(
        options.gitPath ?? 'git',
        args,
        { cwd, timeout, maxBuffer: 8 * 1024 * 1024, windowsHide: true, encoding: 'utf8' },
        (error, stdout) => resolve(error ? undefined : stdout),
      );
    });
}

function truncate(diff: string, maxLength: number): string {
  return diff.length <= maxLength
    ? diff
    : diff.slice(0, Math.max(0, maxLength - TRUNCATED_NOTE.length)) + TRUNCATED_NOTE;
}

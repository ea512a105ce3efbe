/**
 * Failure matrix, what a killed writer leaves behind, on real processes and real files: a run lock
 * whose pid the system has handed to another process, the lock of a trainer its supervisor killed,
 * and the scratch folder left when the CLI and its trainer are SIGKILLed at the same instant.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { processStartOf, thisProcess } from '../../extension/runs/processIdentity';
import { LOCK_FILE, readLockHolder, runIsInterrupted } from '../../extension/runs/runLock';
import { EVALUATIONS_FOLDER } from '../../extension/runs/evaluationRecords';
import { listRunDirs, readRunInfo } from '../../extension/runs/runReader';
import { createScratchFolder } from '../../extension/supervisor/scratchFolder';
import { recordTrainerExit, releaseTrainerLock } from '../../extension/supervisor/trainerExit';
import type { TrainerToHost } from '../../extension/protocol/trainerMessages';
import {
  assertBuilt,
  bareFolder,
  CLI,
  processAlive,
  startTrainer,
  TINY_MODEL,
  waitFor,
  type CliResult,
} from './harness';

before(assertBuilt);

const LONG_MODEL = TINY_MODEL.replace('epochs: 4', 'epochs: 400');
const LAST_PID = '/proc/sys/kernel/ns_last_pid';

function canChoosePids(): boolean {
  try {
    fs.accessSync(LAST_PID, fs.constants.W_OK);
    return process.getuid?.() === 0;
  } catch {
    return false;
  }
}

/** How long a CLI run of these tests may take; the pid's new owner outlives it. */
const CLI_TIMEOUT_MS = 240_000;
/** Failed attempts before giving up: each one fails only if another process forked in the instant before ours. */
const PID_ATTEMPTS = 50;

/**
 * Starts `sleep` as process `pid`, as the system does once a pid is free again (Linux, root: the
 * next pid is set through ns_last_pid, and put back at once, so no other process is given a recent
 * pid). Another process of the machine may fork in the instant between, and take the pid: then it
 * is waited for to end before the next attempt (another attempt at once could only fail again).
 * The sleep lasts longer than any CLI run here, so the pid stays another process's for the test.
 */
async function startWithPid(pid: number): Promise<ChildProcess | undefined> {
  for (let attempt = 0; attempt < PID_ATTEMPTS; attempt++) {
    await waitFor(() => !processAlive(pid), 60_000, `pid ${pid}, taken by another process, to be free again`);
    const child = spawnAsNext(pid, 'sleep', [String((2 * CLI_TIMEOUT_MS) / 1000)]);
    if (child.pid === pid) return child;
    child.kill('SIGKILL');
  }
  return undefined;
}

function spawnAsNext(pid: number, command: string, args: string[]): ChildProcess {
  const last = fs.readFileSync(LAST_PID, 'utf8').trim();
  try {
    fs.writeFileSync(LAST_PID, String(pid - 1));
    return spawn(command, args, { stdio: 'ignore' });
  } finally {
    fs.writeFileSync(LAST_PID, last);
  }
}

function cliWithTmp(args: string[], cwd: string, tmpDir: string): CliResult {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: CLI_TIMEOUT_MS,
    env: { ...process.env, TMPDIR: tmpDir },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function scratchFoldersOf(tmpDir: string, supervisorPid: number): string[] {
  return fs.readdirSync(tmpDir).filter((name) => name.startsWith(`tensorscope-trainer-${supervisorPid}-`));
}

interface KilledRun {
  dir: string;
  runDir: string;
  tmpDir: string;
  cliPid: number;
  writer: number;
  writerStart: string | undefined;
}

/** A CLI training killed with its trainer at one instant (a power cut, `kill -9` of both): nobody records anything. */
async function trainAndKillBoth(): Promise<KilledRun> {
  const tmpDir = bareFolder({});
  const dir = bareFolder({ 'model.ts': LONG_MODEL });
  const cli = spawn(process.execPath, [CLI, 'train', 'model.ts', '--sample-every', '0'], {
    cwd: dir,
    stdio: 'ignore',
    env: { ...process.env, TMPDIR: tmpDir },
  });
  const exited = new Promise((resolve) => cli.on('exit', resolve));
  const runDir = () => listRunDirs(dir)[0] ?? '';
  await waitFor(() => fs.existsSync(path.join(runDir(), 'checkpoint-last', 'model.json')), 120_000, 'a checkpoint');
  const writer = readRunInfo(runDir())?.pid ?? -1;
  const writerStart = processStartOf(writer);
  cli.kill('SIGKILL');
  process.kill(writer, 'SIGKILL');
  await exited;
  // Orphaned, it is reaped by PID 1 when that gets to it (an init that polls: every ~2 s on these VMs).
  await waitFor(() => !processAlive(writer), 60_000, 'the killed trainer to be reaped');
  return { dir, runDir: runDir(), tmpDir, cliPid: cli.pid as number, writer, writerStart };
}

describe('failure matrix: what a killed writer leaves', () => {
  it(
    'a stale lock whose pid now names another process is taken over, naming the reuse',
    { skip: canChoosePids() ? false : `cannot choose the next pid here (${LAST_PID} needs root on Linux)` },
    async () => {
      const killed = await trainAndKillBoth();
      assert.equal(readLockHolder(killed.runDir)?.processStart, killed.writerStart, 'the lock names the start');
      const impostor = await startWithPid(killed.writer);
      assert.ok(impostor, `pid ${killed.writer} could not be handed to another process`);
      try {
        assert.ok(processAlive(killed.writer), 'the dead writer’s pid is alive again, as another process');
        const info = readRunInfo(killed.runDir);
        assert.ok(info && runIsInterrupted(killed.runDir, info), 'readers show the run interrupted, not live');

        const done = fs.readFileSync(path.join(killed.runDir, 'metrics.jsonl'), 'utf8').split('"type":"epoch"').length;
        const resumed = cliWithTmp(
          ['resume', killed.runDir, '--epochs', String(done + 1), '--sample-every', '0'],
          killed.dir,
          killed.tmpDir,
        );
        assert.equal(resumed.code, 0, resumed.stdout + resumed.stderr);
        assert.match(
          resumed.stdout + resumed.stderr,
          new RegExp(
            `Took over the run's lock from pid ${killed.writer} \\(train since [^)]+\\), which is no longer running \\(pid ${killed.writer} now belongs to another process\\)`,
          ),
        );
        assert.equal(readRunInfo(killed.runDir)?.status, 'completed');
        assert.ok(processAlive(killed.writer), 'the process now holding the pid was left alone');
      } finally {
        impostor.kill('SIGKILL');
      }
    },
  );

  it('the scratch folder of a CLI and trainer SIGKILLed at once is removed at the next trainer start', async () => {
    const killed = await trainAndKillBoth();
    const [left] = scratchFoldersOf(killed.tmpDir, killed.cliPid);
    assert.ok(left, 'the killed supervisor’s scratch folder is still there (nobody could remove it)');
    const owner = JSON.parse(fs.readFileSync(path.join(killed.tmpDir, left, 'owner.json'), 'utf8'));
    assert.equal(owner.supervisor.pid, killed.cliPid);
    assert.equal(owner.trainer.pid, killed.writer);
    // A supervisor that is alive (this test) keeps its folder.
    const live = createScratchFolder(killed.tmpDir);

    const next = cliWithTmp(['inspect', 'model.ts'], killed.dir, killed.tmpDir);
    assert.equal(next.code, 0, next.stdout + next.stderr);
    assert.deepEqual(scratchFoldersOf(killed.tmpDir, killed.cliPid), [], 'the stale folder was removed');
    assert.ok(fs.existsSync(live), 'a live supervisor’s folder is kept');
    assert.deepEqual(
      fs.readdirSync(killed.tmpDir).filter((name) => name.startsWith('tensorscope-trainer-')),
      [path.basename(live)],
      'the new trainer’s own folder went with it',
    );
    fs.rmSync(live, { recursive: true });
  });

  it('a trainer killed as hung: its supervisor records the run and releases the lock, only if it is still the trainer’s', async () => {
    const busy = TINY_MODEL.replace('export function loadData() {', 'export function loadData() {\n  for (;;) {}');
    const dir = bareFolder({ 'model.ts': busy });
    const received: TrainerToHost[] = [];
    const trainer = startTrainer(dir, received, { hungTimeoutMs: 3_000, options: { sampleEveryBatches: 0 } });
    const exit = await trainer.exited;
    assert.equal(exit.hung, true);
    assert.equal(exit.trainer?.pid, trainer.pid);
    const created = received.find((message) => message.type === 'runCreated');
    assert.ok(created?.type === 'runCreated');
    const lockFile = path.join(created.runDir, LOCK_FILE);
    const trainersLock = fs.readFileSync(lockFile, 'utf8');
    assert.equal(readLockHolder(created.runDir)?.pid, trainer.pid, 'a killed trainer leaves its lock');

    // Not the dead trainer's: another live writer's, or its pid with another start (a reused pid).
    const liveHolder = { ...JSON.parse(trainersLock), ...thisProcess() };
    fs.writeFileSync(lockFile, JSON.stringify(liveHolder));
    assert.equal(releaseTrainerLock(created.runDir, exit), false);
    fs.writeFileSync(lockFile, JSON.stringify({ ...JSON.parse(trainersLock), processStart: 'another-boot:1' }));
    assert.equal(releaseTrainerLock(created.runDir, exit), false);
    assert.ok(fs.existsSync(lockFile), 'a lock that is not the dead trainer’s is left alone');

    fs.writeFileSync(lockFile, trainersLock);
    const ending = recordTrainerExit({ runDir: created.runDir, ended: false }, exit);
    assert.equal(ending?.status, 'failed');
    assert.match(ending?.error?.message ?? '', /stopped responding/);
    assert.equal(readRunInfo(created.runDir)?.status, 'failed');
    assert.ok(!fs.existsSync(lockFile), 'the dead trainer’s lock is released');
  });
});

/** A run of 2 epochs trained by the CLI in a fresh folder. */
function trainedRun(): { dir: string; runDir: string } {
  const dir = bareFolder({ 'model.ts': TINY_MODEL.replace('epochs: 4', 'epochs: 2') });
  const trained = spawnSync(process.execPath, [CLI, 'train', 'model.ts', '--sample-every', '0'], { cwd: dir });
  assert.equal(trained.status, 0, String(trained.stderr));
  const [runDir] = listRunDirs(dir);
  assert.ok(runDir);
  return { dir, runDir };
}

/** The CLI started in `dir`, its stdout and stderr gathered as one text. */
function startCli(
  args: string[],
  dir: string,
): { child: ChildProcess; exited: Promise<number | null>; output: () => string } {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (data: Buffer) => (output += data.toString()));
  child.stderr?.on('data', (data: Buffer) => (output += data.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { child, exited, output: () => output };
}

/** The model file now does not yield while the model is rebuilt (for `ms`, else never), and says when it begins. */
function blockWhileBuilding(dir: string, ms?: number): void {
  const source = fs.readFileSync(path.join(dir, 'model.ts'), 'utf8');
  const block = ms === undefined ? 'for (;;) {}' : `const until = Date.now() + ${ms};\n  while (Date.now() < until) {}`;
  fs.writeFileSync(
    path.join(dir, 'model.ts'),
    `import * as fs from 'node:fs';\n${source.replace(
      'export function createModel(): tf.LayersModel {',
      `export function createModel(): tf.LayersModel {\n  fs.writeFileSync('building', '');\n  ${block}`,
    )}`,
  );
}

describe('failure matrix: a resume or an evaluate ended while its model loads', () => {
  it('Ctrl+C twice leaves the run exactly as it was, unlocked, and exits 130', async () => {
    const { dir, runDir } = trainedRun();
    const before = ['run.json', 'metrics.jsonl'].map((name) => fs.readFileSync(path.join(runDir, name), 'utf8'));
    blockWhileBuilding(dir);
    const resume = startCli(['resume', runDir, '--epochs', '4'], dir);
    await waitFor(() => fs.existsSync(path.join(dir, 'building')), 60_000, 'the model to be rebuilt');
    assert.ok(fs.existsSync(path.join(runDir, LOCK_FILE)), 'the resume holds the lock');
    resume.child.kill('SIGINT');
    await waitFor(() => /Ctrl\+C again/.test(resume.output()), 10_000, 'the first Ctrl+C to be acknowledged');
    resume.child.kill('SIGINT');
    assert.equal(await resume.exited, 130, resume.output());
    const after = ['run.json', 'metrics.jsonl'].map((name) => fs.readFileSync(path.join(runDir, name), 'utf8'));
    assert.deepEqual(after, before, 'run.json and metrics.jsonl are as they were');
    assert.ok(!fs.existsSync(path.join(runDir, LOCK_FILE)), 'the killed resume’s lock is released');
    assert.doesNotMatch(resume.output(), /Run (completed|stopped)/);
    assert.match(resume.output(), /Resume cancelled before it started; the run is unchanged\./);
  });

  it('one Ctrl+C while the model is rebuilt cancels the resume before it takes the run over', async () => {
    const { dir, runDir } = trainedRun();
    const runFiles = () =>
      ['run.json', 'metrics.jsonl'].map((name) => fs.readFileSync(path.join(runDir, name), 'utf8'));
    const before = runFiles();
    blockWhileBuilding(dir, 3_000);
    const resume = startCli(['resume', runDir, '--epochs', '4'], dir);
    await waitFor(() => fs.existsSync(path.join(dir, 'building')), 60_000, 'the model to be rebuilt');
    resume.child.kill('SIGINT');
    assert.equal(await resume.exited, 130, resume.output());
    assert.match(resume.output(), /Resume cancelled before it started; the run is unchanged\./);
    assert.doesNotMatch(resume.output(), /Run stopped/);
    assert.deepEqual(
      runFiles(),
      before,
      'run.json and metrics.jsonl are as they were (the completed run stays completed)',
    );
    assert.ok(!fs.existsSync(path.join(runDir, LOCK_FILE)), 'the resume’s lock is released');
  });

  it('Ctrl+C during an evaluate cancels it at once, says so, and records nothing in the run', async () => {
    const { dir, runDir } = trainedRun();
    blockWhileBuilding(dir);
    const evaluate = startCli(['evaluate', runDir], dir);
    await waitFor(() => fs.existsSync(path.join(dir, 'building')), 60_000, 'the model to be rebuilt');
    evaluate.child.kill('SIGINT');
    assert.equal(await evaluate.exited, 130, evaluate.output());
    assert.match(evaluate.output(), /Evaluation cancelled; nothing was recorded in the run\./);
    assert.doesNotMatch(evaluate.output(), /batch boundary|Run stopped/);
    assert.ok(!fs.existsSync(path.join(runDir, EVALUATIONS_FOLDER)), 'no evaluation was recorded');
  });
});

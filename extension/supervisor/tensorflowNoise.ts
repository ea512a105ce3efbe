/**
 * TensorFlow's start-up lines that no setting silences: TF_CPP_MIN_LOG_LEVEL governs TensorFlow's
 * own logging, not absl's, which TF 2.21 uses for these two (on train, resume and evaluate alike).
 * The supervisor drops exactly these lines from the trainer's stderr as it relays it, line by line;
 * anything else, the model's own output included, passes unchanged.
 */

/** Each known line, whole (without its newline). Add a line here only after seeing it, verbatim. */
const START_UP_NOISE: readonly RegExp[] = [
  /^WARNING: All log messages before absl::InitializeLog\(\) is called are written to STDERR$/,
  /^I\d{4} \d\d:\d\d:\d+\.\d+ +\d+ port\.cc:\d+\] oneDNN custom operations are on\. You may see slightly different numerical results due to floating-point round-off errors from different computation orders\. To turn them off, set the environment variable `TF_ENABLE_ONEDNN_OPTS=0`\.$/,
];

export function isTensorFlowStartupNoise(line: string): boolean {
  const text = line.endsWith('\r') ? line.slice(0, -1) : line;
  return START_UP_NOISE.some((pattern) => pattern.test(text));
}

/** How long a line without its newline yet is held before it is passed on as it is (a prompt, a progress bar). */
const PARTIAL_LINE_HOLD_MS = 100;

/** Relays text line by line, without TensorFlow's start-up noise; `end()` passes on whatever is held. */
export class StartupNoiseFilter {
  private partial = '';
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly write: (text: string) => void) {}

  push(text: string): void {
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop() ?? '';
    const kept = lines.filter((line) => !isTensorFlowStartupNoise(line));
    if (kept.length > 0) this.write(`${kept.join('\n')}\n`);
    this.holdPartial();
  }

  end(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const rest = this.partial;
    this.partial = '';
    if (rest !== '' && !isTensorFlowStartupNoise(rest)) this.write(rest);
  }

  private holdPartial(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.partial === '') return;
    this.timer = setTimeout(() => this.end(), PARTIAL_LINE_HOLD_MS);
    this.timer.unref();
  }
}

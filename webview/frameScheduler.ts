/** Coalesces any number of `schedule()` calls into one call of `task` on the next animation frame. */
export interface FrameScheduler {
  schedule(): void;
  cancel(): void;
}

export function createFrameScheduler(task: () => void): FrameScheduler {
  let frame: number | undefined;
  return {
    schedule() {
      frame ??= requestAnimationFrame(() => {
        frame = undefined;
        task();
      });
    },
    cancel() {
      if (frame !== undefined) cancelAnimationFrame(frame);
      frame = undefined;
    },
  };
}

/**
 * How many trials run at once and how many threads each gets: by default one TensorFlow thread
 * per trial and as many trials as cores, so the trials together never ask for more cores than
 * there are (oversubscribed TensorFlow thread pools spin and slow every trial down).
 */
export interface Parallelism {
  parallel: number;
  threadsPerTrial: number;
}

export function planParallelism(cores: number, asked: { parallel?: number | null; threads?: number }): Parallelism {
  const available = Math.max(1, cores);
  if (asked.threads !== undefined) {
    return {
      threadsPerTrial: asked.threads,
      parallel: asked.parallel ?? Math.max(1, Math.floor(available / asked.threads)),
    };
  }
  const parallel = asked.parallel ?? available;
  return { parallel, threadsPerTrial: Math.max(1, Math.floor(available / parallel)) };
}

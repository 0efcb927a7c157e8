import { availableParallelism, cpus } from 'node:os';
import type { Llama } from 'node-llama-cpp';

/** CPU threads for each phase of a generation. */
export interface PhaseThreads {
  /** At most, while any prompt is evaluated (a batch of many tokens per step); fewer when cores are busy. */
  prefill: number;
  /** While tokens are decoded one at a time. */
  generation: number;
}

/**
 * Defaults: prefill on every free core; generation on all cores but one. Decoding one token is a short step
 * with a barrier between threads, and threads spin while they wait, so a thread more than the free cores
 * (the event loop, Lore's embedding workers) stalls every token; prefill's large batches suffer far less.
 */
export function phaseThreads(options: { threads?: number; prefillThreads?: number }): PhaseThreads {
  const cores = availableParallelism();
  const generation = options.threads ?? Math.max(1, cores - 1);
  return { generation, prefill: Math.max(generation, options.prefillThreads ?? cores) };
}

/** Switches a llama's thread budget between phases; `prefill()` marks a prompt evaluation that runs. */
export interface ThreadPhases {
  /** Counts one prompt evaluation as running; the returned function ends it (calling it again is a no-op). */
  prefill(): () => void;
}

/**
 * Cores that other processes left idle since the last call (from `os.cpus()` times, minus this process's
 * own CPU time); undefined until a window of at least 100 ms has passed. In-process work (embedding workers)
 * is not subtracted, and a container whose `os.cpus()` shows the host's cores is measured host-wide.
 */
export function createIdleCores(): () => number | undefined {
  const sample = () => {
    const times = cpus().map((cpu) => cpu.times);
    const idle = times.reduce((sum, time) => sum + time.idle, 0);
    const total = times.reduce(
      (sum, time) => sum + time.user + time.nice + time.sys + time.irq + time.idle,
      0,
    );
    const own = process.cpuUsage();
    return { idle, total, cores: times.length, ownMs: (own.user + own.system) / 1000, at: performance.now() };
  };
  let last = sample();
  let estimate: number | undefined;
  return () => {
    const now = sample();
    const wallMs = now.at - last.at;
    if (wallMs < 100 || now.total <= last.total) return estimate;
    const busyCores = now.cores * (1 - (now.idle - last.idle) / (now.total - last.total));
    const ownCores = (now.ownMs - last.ownMs) / wallMs;
    estimate = Math.max(0, availableParallelism() - Math.max(0, busyCores - ownCores));
    last = now;
    return estimate;
  };
}

/**
 * node-llama-cpp sizes each decode step from the llama's `maxThreads` at that step (its threads splitter),
 * and llama.cpp has no separate batch thread count through it; so the budget is raised while any sequence
 * evaluates a prompt and lowered again once all are decoding. The context must be created wanting
 * `threads.prefill` threads.
 */
export function createThreadPhases(
  llama: Llama,
  threads: PhaseThreads,
  idleCores: () => number | undefined = createIdleCores(),
): ThreadPhases {
  let prefilling = 0;
  let prefill = threads.generation;
  const apply = () => {
    llama.maxThreads = prefilling > 0 ? prefill : threads.generation;
  };
  apply();
  return {
    prefill() {
      // Every free core, never fewer than decoding uses: spinning threads on busy cores slowed a 400-token
      // prefill on 2 cores (load 15) from 44 to 25 tok/s.
      if (prefilling === 0) {
        const free = idleCores();
        if (free !== undefined) {
          prefill = Math.min(threads.prefill, Math.max(threads.generation, Math.round(free)));
        }
      }
      prefilling++;
      apply();
      let ended = false;
      return () => {
        if (ended) return;
        ended = true;
        prefilling--;
        apply();
      };
    },
  };
}

import { availableParallelism } from 'node:os';
import type { Llama } from 'node-llama-cpp';

/** CPU threads for each phase of a generation. */
export interface PhaseThreads {
  /** While any prompt is evaluated (a batch of many tokens per step). */
  prefill: number;
  /** While tokens are decoded one at a time. */
  generation: number;
}

/**
 * Defaults: prefill on every core; generation on all cores but one. Decoding one token is a short step
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
 * node-llama-cpp sizes each decode step from the llama's `maxThreads` at that step (its threads splitter),
 * and llama.cpp has no separate batch thread count through it; so the budget is raised while any sequence
 * evaluates a prompt and lowered again once all are decoding. The context must be created wanting
 * `threads.prefill` threads.
 */
export function createThreadPhases(llama: Llama, threads: PhaseThreads): ThreadPhases {
  let prefilling = 0;
  const apply = () => {
    llama.maxThreads = prefilling > 0 ? threads.prefill : threads.generation;
  };
  apply();
  return {
    prefill() {
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

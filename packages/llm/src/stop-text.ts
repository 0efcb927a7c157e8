/** Turns the growing decoded text of a generation into safe deltas, cut before the first stop sequence. */
export interface StopText {
  /** Takes the full text so far; returns the new text to emit and whether a stop sequence was reached. */
  update(text: string): { delta: string; stopped: boolean };
  /** Flushes what was held back when the generation ends without a stop sequence. */
  flush(text: string): string;
}

/** Creates a StopText; text that may be the start of a stop sequence, or of a multi-byte character, is held back. */
export function createStopText(stop: readonly string[] = []): StopText {
  const sequences = stop.filter((sequence) => sequence.length > 0);
  let emitted = 0;

  const take = (text: string, end: number): string => {
    const delta = text.slice(emitted, Math.max(emitted, end));
    emitted = Math.max(emitted, end);
    return delta;
  };

  return {
    update(text) {
      let cut = -1;
      for (const sequence of sequences) {
        const index = text.indexOf(sequence, Math.max(0, emitted - sequence.length));
        if (index >= 0 && (cut < 0 || index < cut)) cut = index;
      }
      if (cut >= 0) return { delta: take(text, cut), stopped: true };
      // An unfinished UTF-8 character decodes as U+FFFD until its last byte arrives.
      const end = text.endsWith('\uFFFD') ? text.length - 1 : text.length;
      let hold = 0;
      for (const sequence of sequences) {
        for (let length = Math.min(sequence.length - 1, end); length > hold; length--) {
          if (text.endsWith(sequence.slice(0, length), end)) {
            hold = length;
            break;
          }
        }
      }
      return { delta: take(text, end - hold), stopped: false };
    },
    flush: (text) => take(text, text.length),
  };
}

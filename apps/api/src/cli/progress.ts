/** A one-line progress bar on stderr (plain lines when stderr is not a terminal). */
export function createProgressBar(label: string) {
  const tty = process.stderr.isTTY;
  let lastLine = '';
  return {
    update(done: number, total: number, note = '') {
      const width = 30;
      const ratio = total > 0 ? Math.min(1, done / total) : 0;
      const filled = Math.round(ratio * width);
      const line =
        `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${note}`.trimEnd();
      if (line === lastLine) return;
      lastLine = line;
      if (tty) process.stderr.write(`\r${line}\x1b[K`);
      else if (done === total || done === 0) process.stderr.write(`${line}\n`);
    },
    finish() {
      if (tty && lastLine) process.stderr.write('\n');
    },
  };
}

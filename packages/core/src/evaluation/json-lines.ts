import { LoreError } from '../errors.js';

/** Parses JSON Lines (blank lines skipped); each value with its 1-based line number, for error messages. */
export function parseJsonLines(content: string, path: string): { line: number; value: unknown }[] {
  const rows: { line: number; value: unknown }[] = [];
  const lines = content.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const text = (lines[index] as string).trim();
    if (text === '') continue;
    try {
      rows.push({ line: index + 1, value: JSON.parse(text) });
    } catch (error) {
      throw new LoreError(
        'UNPROCESSABLE',
        `${path}:${index + 1} is not valid JSON; fix or remove that line.`,
        {
          cause: error,
        },
      );
    }
  }
  return rows;
}

import Papa from 'papaparse';
import { LoreError } from '../../errors.js';
import type { LoadedDocument } from '../../spec/document.js';

/** Loads CSV/TSV with one line per row, "header: value; header: value", so each row reads on its own in a chunk. */
export function loadCsv(text: string): LoadedDocument {
  const result = Papa.parse<string[]>(text, { skipEmptyLines: 'greedy' });
  const [header, ...rows] = result.data;
  if (!header || rows.length === 0) {
    const quoteError = result.errors.find((error) => error.type === 'Quotes');
    throw new LoreError(
      'UNPROCESSABLE',
      quoteError
        ? `The CSV file could not be parsed (${quoteError.message} in row ${quoteError.row}). Check its quoting and upload it again.`
        : 'The CSV file has no data rows below its header row. Upload a file with at least one row of data.',
    );
  }
  const names = header.map((name, index) => name.trim() || `column ${index + 1}`);
  const lines = rows.map((row) =>
    row
      .map((value, index) => [names[index] ?? `column ${index + 1}`, value.trim()] as const)
      .filter(([, value]) => value !== '')
      .map(([name, value]) => `${name}: ${value.replace(/\s*\n\s*/g, ' ')}`)
      .join('; '),
  );
  return { text: lines.filter((line) => line !== '').join('\n'), mimeType: 'text/csv' };
}

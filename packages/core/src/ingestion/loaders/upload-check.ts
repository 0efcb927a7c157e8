import { Parser } from 'htmlparser2';
import { LoreError } from '../../errors.js';
import { type DetectInput, type DocumentFormat, decodeText, detectFormat } from './detect.js';
import { defaultUploadLimits, jsonDepth, type UploadLimits, valueDepth } from './upload-limits.js';
import { checkZip } from './zip-limits.js';

export { defaultUploadLimits, jsonDepth, type UploadLimits, valueDepth } from './upload-limits.js';

/** The deepest element nesting htmlparser2 sees (it closes void and implied elements itself). */
export function htmlDepth(html: string): number {
  let depth = 0;
  let deepest = 0;
  const parser = new Parser(
    {
      onopentag() {
        deepest = Math.max(deepest, ++depth);
      },
      onclosetag() {
        depth = Math.max(0, depth - 1);
      },
    },
    { lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  return deepest;
}

const tooDeep = (what: string, depth: number, limit: number) =>
  new LoreError(
    'UNPROCESSABLE',
    `The ${what} nests ${depth} levels deep, more than the ${limit} Lore accepts; flatten it and upload it again.`,
  );

/**
 * Checks one upload before anything is stored: its size and archive bombs (PAYLOAD_TOO_LARGE) and nesting
 * too deep to load safely (UNPROCESSABLE). Returns the format judged by content; undefined for a type Lore
 * cannot read, which is left to fail as that document's own error.
 */
export function checkUpload(
  input: DetectInput,
  limits: UploadLimits = defaultUploadLimits,
): DocumentFormat | undefined {
  const name = input.fileName ? `"${input.fileName}"` : 'The file';
  if (input.bytes.byteLength > limits.maxFileBytes) {
    throw new LoreError(
      'PAYLOAD_TOO_LARGE',
      `${name} is ${input.bytes.byteLength} bytes, more than the ${limits.maxFileBytes} allowed per file (uploadLimits.maxFileBytes). Split it and upload the parts.`,
      { settings: ['uploadLimits.maxFileBytes'] },
    );
  }
  let format: DocumentFormat;
  try {
    format = detectFormat(input);
  } catch {
    // An unreadable type fails that one document with its reason in the job; the rest of a batch goes on.
    return undefined;
  }
  if (format === 'docx') {
    try {
      checkZip(input.bytes, limits.zip);
    } catch (error) {
      // Only bombs stop the upload; a damaged file fails as that document's own error, like other formats.
      if (LoreError.is(error) && error.code === 'PAYLOAD_TOO_LARGE') throw error.prefixed(`${name}: `);
      if (!LoreError.is(error)) throw error;
    }
  }
  if (format === 'json' || format === 'jsonl') {
    const depth = jsonDepth(decodeText(input));
    if (depth > limits.maxNestingDepth) throw tooDeep(`JSON in ${name}`, depth, limits.maxNestingDepth);
  }
  if (format === 'html' || format === 'markdown' || format === 'text') {
    const text = decodeText(input);
    if (format === 'html' || /^\s*<(!doctype html|html)[\s>]/i.test(text)) {
      const depth = htmlDepth(text);
      if (depth > limits.maxNestingDepth) throw tooDeep(`HTML in ${name}`, depth, limits.maxNestingDepth);
    }
  }
  return format;
}

/** One document on its way into `lore.ingest`, whichever path it came by (HTTP, SDK, CLI, MCP). */
export interface IngestCheckInput extends DetectInput {
  metadata?: Record<string, unknown>;
}

/**
 * Checks a document before it is stored: `checkUpload`'s size, bomb and nesting limits, and metadata
 * nested deeper than `maxNestingDepth` (BAD_REQUEST; deeper values overflow the stack further on).
 */
export function checkIngestInput(input: IngestCheckInput, limits: UploadLimits = defaultUploadLimits): void {
  const depth = valueDepth(input.metadata ?? {});
  if (depth > limits.maxNestingDepth) {
    throw new LoreError(
      'BAD_REQUEST',
      `The metadata${input.fileName ? ` of "${input.fileName}"` : ''} nests ${depth} levels deep, more than the ${limits.maxNestingDepth} Lore accepts; flatten it.`,
    );
  }
  checkUpload(input, limits);
}

import { LoreError } from '../../errors.js';
import type { LoadedDocument } from '../../spec/document.js';
import { loadHtml } from './html.js';
import { checkZip, defaultZipLimits, type ZipLimits } from './zip-limits.js';
import { openZip } from './zip-reader.js';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/**
 * Extracts a Word document's text through mammoth's HTML, so Word headings become sections. Mammoth reads
 * the entries through Lore's own ZIP reader, whose inflating stops at the archive limit.
 */
export async function loadDocx(
  bytes: Uint8Array,
  limits: ZipLimits = defaultZipLimits,
): Promise<LoadedDocument> {
  try {
    checkZip(bytes, limits); // before anything is inflated for real: refuse archive bombs early
  } catch (error) {
    // A damaged container is reported below, as a Word document that could not be read.
    if (!LoreError.is(error) || error.code === 'PAYLOAD_TOO_LARGE') throw error;
  }
  let html: string;
  try {
    const file = openZip(bytes, limits);
    const { default: mammoth } = await import('mammoth'); // loaded on the first .docx only
    // mammoth's typings omit its `file` input (an object with exists/read), which it accepts.
    html = (await mammoth.convertToHtml({ file } as unknown as { buffer: Buffer })).value;
  } catch (error) {
    if (LoreError.is(error) && error.code === 'PAYLOAD_TOO_LARGE') throw error;
    throw new LoreError(
      'UNPROCESSABLE',
      `The Word document could not be read (${(error as Error)?.message ?? String(error)}); it is probably damaged or incomplete. Open and re-save it in Word, or export it as PDF, and upload it again.`,
      { cause: error },
    );
  }
  return loadHtml(html, DOCX);
}

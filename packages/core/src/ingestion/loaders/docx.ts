import { LoreError } from '../../errors.js';
import type { LoadedDocument } from '../../spec/document.js';
import { loadHtml } from './html.js';
import { checkZip } from './zip-limits.js';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Extracts a Word document's text through mammoth's HTML, so Word headings become sections. */
export async function loadDocx(bytes: Uint8Array): Promise<LoadedDocument> {
  try {
    checkZip(bytes); // before mammoth unzips anything: refuse archive bombs
  } catch (error) {
    // A damaged container is mammoth's to report, in its own words, below.
    if (!LoreError.is(error) || error.code === 'PAYLOAD_TOO_LARGE') throw error;
  }
  let html: string;
  try {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const { default: mammoth } = await import('mammoth'); // loaded on the first .docx only
    html = (await mammoth.convertToHtml({ buffer })).value;
  } catch (error) {
    throw new LoreError(
      'UNPROCESSABLE',
      `The Word document could not be read (${(error as Error)?.message ?? String(error)}); it is probably damaged or incomplete. Open and re-save it in Word, or export it as PDF, and upload it again.`,
      { cause: error },
    );
  }
  return loadHtml(html, DOCX);
}

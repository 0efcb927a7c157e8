import { inflateRawSync } from 'node:zlib';
import { LoreError } from '../../errors.js';

/** How far a ZIP container (a .docx) may expand before it counts as an archive bomb. */
export interface ZipLimits {
  /** Total uncompressed bytes of all entries. */
  maxUncompressedBytes: number;
  /** Largest uncompressed/compressed ratio of one entry over 1 MiB. */
  maxCompressionRatio: number;
  maxEntries: number;
}

export const defaultZipLimits: ZipLimits = {
  maxUncompressedBytes: 256 * 1024 * 1024,
  maxCompressionRatio: 200,
  maxEntries: 10_000,
};

const bomb = (detail: string) =>
  new LoreError(
    'PAYLOAD_TOO_LARGE',
    `The archive would expand too far (${detail}); it looks like an archive bomb and was refused. Re-save the document normally and upload it again.`,
  );
const damaged = (detail: string) =>
  new LoreError(
    'UNPROCESSABLE',
    `The ZIP container is damaged (${detail}). Re-save the document and upload it again.`,
  );

/** Offset of the end-of-central-directory record, searched from the end (it may be followed by a comment). */
function endOfDirectory(view: DataView): number {
  for (let offset = view.byteLength - 22; offset >= Math.max(0, view.byteLength - 22 - 65_535); offset--) {
    if (view.getUint32(offset, true) === 0x06054b50) return offset;
  }
  throw damaged('no central directory');
}

/**
 * Refuses a ZIP whose entries declare too many bytes, too high a ratio or too many files, and inflates each
 * deflated entry with an output cap at its declared size, so lying headers are caught without the memory.
 */
export function checkZip(bytes: Uint8Array, limits: ZipLimits = defaultZipLimits): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = endOfDirectory(view);
  const count = view.getUint16(end + 10, true);
  let offset = view.getUint32(end + 16, true);
  if (count > limits.maxEntries) throw bomb(`${count} entries, more than ${limits.maxEntries}`);
  let total = 0;
  for (let index = 0; index < count; index++) {
    if (offset + 46 > view.byteLength || view.getUint32(offset, true) !== 0x02014b50) {
      throw damaged('bad central directory entry');
    }
    const method = view.getUint16(offset + 10, true);
    const compressed = view.getUint32(offset + 20, true);
    const size = view.getUint32(offset + 24, true);
    const nameLength = view.getUint16(offset + 28, true);
    const next =
      offset + 46 + nameLength + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
    const local = view.getUint32(offset + 42, true);
    offset = next;
    if (compressed === 0xffffffff || size === 0xffffffff) throw bomb('a ZIP64 entry of 4 GB or more');
    total += size;
    if (total > limits.maxUncompressedBytes) {
      throw bomb(`more than ${Math.round(limits.maxUncompressedBytes / 1024 / 1024)} MiB uncompressed`);
    }
    if (size > 1024 * 1024 && size > limits.maxCompressionRatio * Math.max(1, compressed)) {
      throw bomb(`an entry compressed ${Math.round(size / Math.max(1, compressed))} to 1`);
    }
    if (method === 8) verifyInflatedSize(view, bytes, local, compressed, size);
  }
}

/** Inflates one entry with output capped at its declared size: a larger output is a lie and a bomb. */
function verifyInflatedSize(
  view: DataView,
  bytes: Uint8Array,
  local: number,
  compressed: number,
  size: number,
) {
  if (local + 30 > view.byteLength || view.getUint32(local, true) !== 0x04034b50)
    throw damaged('bad local header');
  const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
  const data = bytes.subarray(start, Math.min(bytes.byteLength, start + compressed));
  try {
    inflateRawSync(data, { maxOutputLength: Math.max(1, size) });
  } catch (error) {
    if (error instanceof RangeError || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw bomb('an entry inflates beyond its declared size');
    }
    throw damaged((error as Error).message);
  }
}

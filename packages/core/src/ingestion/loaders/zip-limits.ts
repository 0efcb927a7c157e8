import { inflateRawSync } from 'node:zlib';
import { LoreError } from '../../errors.js';
import { defaultZipLimits, type ZipLimits } from './upload-limits.js';

export { defaultZipLimits, type ZipLimits };

/** One entry as the central directory describes it. */
export interface ZipDirectoryEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

export const zipBomb = (detail: string) =>
  new LoreError(
    'PAYLOAD_TOO_LARGE',
    `The archive would expand too far (${detail}); it looks like an archive bomb and was refused. Re-save the document normally and upload it again.`,
  );
export const zipDamaged = (detail: string) =>
  new LoreError(
    'UNPROCESSABLE',
    `The ZIP container is damaged (${detail}). Re-save the document and upload it again.`,
  );

/** Offset of the end-of-central-directory record, searched from the end (it may be followed by a comment). */
function endOfDirectory(view: DataView): number {
  for (let offset = view.byteLength - 22; offset >= Math.max(0, view.byteLength - 22 - 65_535); offset--) {
    if (view.getUint32(offset, true) === 0x06054b50) return offset;
  }
  throw zipDamaged('no central directory');
}

/**
 * Every central-directory entry, walked by signature as ZIP readers do: the end record's entry count is
 * not trusted (a record that under-counts would hide entries from the checks but not from the reader).
 */
export function readZipDirectory(
  bytes: Uint8Array,
  limits: ZipLimits = defaultZipLimits,
): ZipDirectoryEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = endOfDirectory(view);
  let offset = view.getUint32(end + 16, true);
  const entries: ZipDirectoryEntry[] = [];
  const decoder = new TextDecoder();
  while (offset + 46 <= view.byteLength && view.getUint32(offset, true) === 0x02014b50) {
    if (entries.length >= limits.maxEntries) throw zipBomb(`more than ${limits.maxEntries} entries`);
    const nameLength = view.getUint16(offset + 28, true);
    entries.push({
      name: decoder.decode(bytes.subarray(offset + 46, offset + 46 + nameLength)),
      method: view.getUint16(offset + 10, true),
      compressedSize: view.getUint32(offset + 20, true),
      size: view.getUint32(offset + 24, true),
      localOffset: view.getUint32(offset + 42, true),
    });
    offset += 46 + nameLength + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
  }
  const declared = view.getUint16(end + 10, true);
  if (entries.length === 0 && declared > 0) throw zipDamaged('bad central directory entry');
  return entries;
}

/**
 * Refuses a ZIP whose entries declare too many bytes, too high a ratio or too many files, and inflates each
 * deflated entry with an output cap at its declared size, so lying headers are caught without the memory.
 */
export function checkZip(bytes: Uint8Array, limits: ZipLimits = defaultZipLimits): void {
  let total = 0;
  for (const entry of readZipDirectory(bytes, limits)) {
    const { compressedSize: compressed, size } = entry;
    if (compressed === 0xffffffff || size === 0xffffffff) throw zipBomb('a ZIP64 entry of 4 GB or more');
    total += size;
    if (total > limits.maxUncompressedBytes) {
      throw zipBomb(`more than ${Math.round(limits.maxUncompressedBytes / 1024 / 1024)} MiB uncompressed`);
    }
    if (size > 1024 * 1024 && size > limits.maxCompressionRatio * Math.max(1, compressed)) {
      throw zipBomb(`an entry compressed ${Math.round(size / Math.max(1, compressed))} to 1`);
    }
    if (entry.method === 8) inflateZipEntry(bytes, entry, Math.max(1, size));
  }
}

/** The stored bytes of one entry, found through its local header. */
function entryData(bytes: Uint8Array, entry: ZipDirectoryEntry): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const local = entry.localOffset;
  if (local + 30 > view.byteLength || view.getUint32(local, true) !== 0x04034b50)
    throw zipDamaged('bad local header');
  const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
  return bytes.subarray(start, Math.min(bytes.byteLength, start + entry.compressedSize));
}

/** Inflates one entry with its output capped at `maxBytes`: a larger output is a bomb. */
export function inflateZipEntry(bytes: Uint8Array, entry: ZipDirectoryEntry, maxBytes: number): Uint8Array {
  const data = entryData(bytes, entry);
  if (entry.method === 0) {
    if (data.byteLength > maxBytes) throw zipBomb('an entry larger than the archive may expand');
    return data.slice();
  }
  if (entry.method !== 8) throw zipDamaged(`entry "${entry.name}" uses compression method ${entry.method}`);
  try {
    return inflateRawSync(data, { maxOutputLength: Math.max(1, maxBytes) });
  } catch (error) {
    if (error instanceof RangeError || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw zipBomb('an entry inflates beyond its declared size or the archive limit');
    }
    throw zipDamaged((error as Error).message);
  }
}

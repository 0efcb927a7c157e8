import {
  defaultZipLimits,
  inflateZipEntry,
  readZipDirectory,
  type ZipLimits,
  zipBomb,
} from './zip-limits.js';

/** A ZIP opened for reading by name, in the shape mammoth takes as its `file` input. */
export interface ZipReader {
  exists(name: string): boolean;
  read(name: string, encoding?: string): Promise<Uint8Array | string>;
}

/**
 * Opens a ZIP whose reads share one inflation budget (`maxUncompressedBytes` over everything read, each
 * entry capped at its declared size): the limit sits in the inflating itself, so no header can talk it past.
 */
export function openZip(bytes: Uint8Array, limits: ZipLimits = defaultZipLimits): ZipReader {
  const entries = new Map(readZipDirectory(bytes, limits).map((entry) => [entry.name, entry]));
  let left = limits.maxUncompressedBytes;
  return {
    exists: (name) => entries.has(name),
    async read(name, encoding) {
      const entry = entries.get(name);
      if (!entry) throw new Error(`The archive has no entry "${name}".`);
      if (left <= 0 && entry.size > 0) throw zipBomb('reading it would pass the archive limit');
      const data = inflateZipEntry(bytes, entry, Math.min(left, Math.max(1, entry.size)));
      left -= data.byteLength;
      if (encoding === 'base64')
        return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64');
      return encoding ? new TextDecoder(encoding).decode(data) : data;
    },
  };
}

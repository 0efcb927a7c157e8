import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { openZip } from './zip-reader.js';

/** A one-entry ZIP with a truthful central directory, written by hand. */
function zipOf(name: string, data: Uint8Array, declaredSize = data.byteLength): Uint8Array {
  const nameBytes = Buffer.from(name);
  const compressed = deflateRawSync(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(compressed.byteLength, 18);
  local.writeUInt32LE(declaredSize, 22);
  local.writeUInt16LE(nameBytes.byteLength, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(compressed.byteLength, 20);
  central.writeUInt32LE(declaredSize, 24);
  central.writeUInt16LE(nameBytes.byteLength, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(46 + nameBytes.byteLength, 12);
  end.writeUInt32LE(30 + nameBytes.byteLength + compressed.byteLength, 16);
  return new Uint8Array(Buffer.concat([local, nameBytes, compressed, central, nameBytes, end]));
}

const limits = { maxUncompressedBytes: 64 * 1024, maxCompressionRatio: 200, maxEntries: 10 };

describe('zip reader', () => {
  it('reads an entry by name, as text or bytes', async () => {
    const zip = openZip(zipOf('word/document.xml', Buffer.from('<w:document/>')), limits);
    expect(zip.exists('word/document.xml')).toBe(true);
    expect(zip.exists('word/styles.xml')).toBe(false);
    expect(await zip.read('word/document.xml', 'utf-8')).toBe('<w:document/>');
  });

  it('stops inflating at the archive limit, however the entry is declared', async () => {
    const big = new Uint8Array(1024 * 1024);
    // Declared truthfully (1 MiB) but over the 64 KiB budget, and declared as 10 bytes: both refused.
    for (const declared of [big.byteLength, 10]) {
      const zip = openZip(zipOf('word/document.xml', big, declared), limits);
      await expect(zip.read('word/document.xml')).rejects.toMatchObject({
        code: 'PAYLOAD_TOO_LARGE',
        message: expect.stringContaining('archive bomb'),
      });
    }
  });
});

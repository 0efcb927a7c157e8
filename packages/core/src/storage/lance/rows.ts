import {
  type Data,
  Field,
  FixedSizeList,
  Float32,
  Int32,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  Table,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';
import { LoreError } from '../../errors.js';
import type { IndexedChunk, VectorSearchHit } from '../../spec/vector-store.js';
import { toSearchText } from './cjk.js';

/** The column LanceDB's full-text index covers: the chunk text with CJK runs rewritten into bigrams. */
export const searchColumn = 'search_text';

/** Columns a search returns (besides `_distance` or `_score`). */
export const hitColumns = ['id', 'document_id', 'chunk_index', 'text', 'char_start', 'char_end', 'page'];

/** The Arrow schema of a chunk table for vectors of `dimensions` floats. */
export function chunkSchema(dimensions: number): Schema {
  return new Schema([
    new Field('id', new Utf8(), false),
    new Field('document_id', new Utf8(), false),
    new Field('chunk_index', new Int32(), false),
    new Field('text', new Utf8(), false),
    new Field(searchColumn, new Utf8(), false),
    new Field('vector', new FixedSizeList(dimensions, new Field('item', new Float32(), true)), false),
    new Field('char_start', new Int32(), false),
    new Field('char_end', new Int32(), false),
    new Field('page', new Int32(), true),
  ]);
}

/** A chunk as a table row; rejects vectors of the wrong length and chunks of other documents. */
export function toRow(chunk: IndexedChunk, dimensions: number, documentIds: ReadonlySet<string>) {
  if (chunk.vector.length !== dimensions) {
    throw new LoreError(
      'BAD_REQUEST',
      `Chunk ${chunk.id} has a ${chunk.vector.length}-dimensional vector but the index holds ${dimensions}: embed with the index's model.`,
    );
  }
  if (!documentIds.has(chunk.documentId)) {
    throw new LoreError(
      'BAD_REQUEST',
      `Chunk ${chunk.id} belongs to document ${chunk.documentId}, which is not in \`documentIds\`: list it there.`,
    );
  }
  return {
    id: chunk.id,
    document_id: chunk.documentId,
    chunk_index: chunk.index,
    text: chunk.text,
    [searchColumn]: toSearchText(chunk.searchText ?? chunk.text),
    vector: chunk.vector,
    char_start: chunk.start,
    char_end: chunk.end,
    page: chunk.page,
  };
}

type ChunkRow = ReturnType<typeof toRow>;

/**
 * Rows as an Arrow table of `chunkSchema(dimensions)`. The vectors are copied into one Float32Array that
 * becomes the column's buffer as is, instead of going through Arrow's value-by-value builder.
 */
export function toArrowTable(rows: ChunkRow[], dimensions: number): Table {
  const schema = chunkSchema(dimensions);
  const length = rows.length;
  const floats = new Float32Array(length * dimensions);
  rows.forEach((row, position) => {
    floats.set(row.vector, position * dimensions);
  });
  const text = (values: string[]) => vectorFromArray(values, new Utf8()).data[0] as Data;
  const int32 = (values: number[]) => makeData({ type: new Int32(), length, data: Int32Array.from(values) });
  const vectorType = new FixedSizeList(dimensions, new Field('item', new Float32(), true));
  const children = [
    text(rows.map((row) => row.id)),
    text(rows.map((row) => row.document_id)),
    int32(rows.map((row) => row.chunk_index)),
    text(rows.map((row) => row.text)),
    text(rows.map((row) => row[searchColumn])),
    makeData({
      type: vectorType,
      length,
      nullCount: 0,
      child: makeData({ type: new Float32(), length: floats.length, data: floats }),
    }),
    int32(rows.map((row) => row.char_start)),
    int32(rows.map((row) => row.char_end)),
    vectorFromArray(
      rows.map((row) => row.page),
      new Int32(),
    ).data[0] as Data,
  ];
  const data = makeData({ type: new Struct(schema.fields), length, nullCount: 0, children });
  return new Table(schema, new RecordBatch(schema, data));
}

/** A result row as a hit; `score` is computed by the caller from `_distance` or `_score`. */
export function toHit(row: Record<string, unknown>, score: number): VectorSearchHit {
  return {
    chunkId: String(row.id),
    documentId: String(row.document_id),
    index: Number(row.chunk_index),
    text: String(row.text),
    start: Number(row.char_start),
    end: Number(row.char_end),
    page: row.page === null || row.page === undefined ? null : Number(row.page),
    score,
  };
}

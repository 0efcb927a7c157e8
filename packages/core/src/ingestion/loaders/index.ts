export {
  type LoadDocumentInput,
  type LoadDocumentResult,
  loadDocument,
  loadDocuments,
} from './load-document.js';
export {
  checkIngestInput,
  checkUpload,
  defaultUploadLimits,
  htmlDepth,
  type IngestCheckInput,
  jsonDepth,
  type UploadLimits,
  valueDepth,
} from './upload-check.js';
export { checkZip, defaultZipLimits, type ZipLimits } from './zip-limits.js';

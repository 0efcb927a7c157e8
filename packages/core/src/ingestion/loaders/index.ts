export {
  type LoadDocumentInput,
  type LoadDocumentResult,
  loadDocument,
  loadDocuments,
} from './load-document.js';
export {
  checkUpload,
  defaultUploadLimits,
  htmlDepth,
  jsonDepth,
  type UploadLimits,
  valueDepth,
} from './upload-check.js';
export { checkZip, defaultZipLimits, type ZipLimits } from './zip-limits.js';

export {
  type LoadDocumentInput,
  type LoadDocumentResult,
  loadDocument,
  loadDocuments,
} from './load-document.js';

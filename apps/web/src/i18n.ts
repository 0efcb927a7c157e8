import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

const en = {
  appName: 'Lore',
  collections: 'Collections',
  newCollection: 'New collection name',
  create: 'Create',
  deleteCollection: 'Delete collection {name}',
  confirmDeleteCollection: 'Delete the collection "{name}" with all its documents?',
  noCollections: 'No collections yet. Create one to start.',
  pickCollection: 'Pick or create a collection.',
  chat: 'Chat',
  documents: 'Documents',
  search: 'Search',
  settings: 'Settings',
  language: 'Language',
  chats: 'Chats',
  newChat: 'New chat',
  noChats: 'No chats yet.',
  moreChats: 'Older chats',
  deleteChat: 'Delete chat {title}',
  confirmDeleteChat: 'Delete the chat "{title}"?',
  conversation: 'Conversation',
  askQuestion: 'Ask a question',
  askPlaceholder: 'Ask about your documents… (Enter to send, Shift+Enter for a new line)',
  send: 'Send',
  stop: 'Stop',
  stopped: 'Stopped.',
  thinking: 'Searching the documents…',
  readingDocument: 'Reading the document: {done} of {total} sections…',
  emptyChat: 'Ask a question about the documents in "{name}".',
  sources: 'Sources',
  unsupported: 'not supported by the source',
  retrieved: 'Retrieved passages ({count})',
  cited: 'cited',
  notCited: 'not cited',
  support: 'support {value}',
  score_vector: 'vector',
  score_keyword: 'keyword',
  score_fused: 'fused',
  score_rerank: 'rerank',
  uploadDocuments: 'Upload documents',
  dropHere: 'Drop files here or choose files',
  uploading: 'Uploading {count} file(s)…',
  noDocuments: 'No documents yet.',
  open: 'Open',
  delete: 'Delete',
  deleteDocument: 'Delete {title}',
  chunks: '{count} chunks',
  status_queued: 'queued',
  status_parsing: 'parsing',
  status_embedding: 'embedding',
  status_indexed: 'indexed',
  status_failed: 'failed',
  query: 'Search query',
  mode: 'Mode',
  mode_hybrid: 'Hybrid',
  mode_vector: 'Vector',
  mode_keyword: 'Keyword',
  results: '{count} results',
  noResults: 'No results.',
  score: 'score',
  page: 'page {page}',
  source: 'Source',
  close: 'Close',
  loading: 'Loading…',
  model: 'Model',
  modelHint: 'Answers use the server’s language model (LORE_LLM_MODEL); embeddings use the model below.',
  temperature: 'Temperature',
  topK: 'Number of chunks',
  rerank: 'Rerank retrieved chunks',
  maxTokens: 'Longest answer (tokens)',
  theme: 'Theme',
  theme_auto: 'System',
  theme_light: 'Light',
  theme_dark: 'Dark',
  apiKey: 'API key (optional)',
  save: 'Save',
  error: 'Error: {message}',
};

export type MessageKey = keyof typeof en;

const zh: Record<MessageKey, string> = {
  appName: 'Lore',
  collections: '知识库',
  newCollection: '新知识库名称',
  create: '创建',
  deleteCollection: '删除知识库 {name}',
  confirmDeleteCollection: '删除知识库“{name}”及其全部文档？',
  noCollections: '还没有知识库。先创建一个。',
  pickCollection: '请选择或创建一个知识库。',
  chat: '对话',
  documents: '文档',
  search: '搜索',
  settings: '设置',
  language: '语言',
  chats: '对话记录',
  newChat: '新对话',
  noChats: '还没有对话。',
  moreChats: '更早的对话',
  deleteChat: '删除对话 {title}',
  confirmDeleteChat: '删除对话“{title}”？',
  conversation: '对话内容',
  askQuestion: '提出问题',
  askPlaceholder: '就文档提问……（回车发送，Shift+回车换行）',
  send: '发送',
  stop: '停止',
  stopped: '已停止。',
  thinking: '正在检索文档……',
  readingDocument: '正在通读文档：第 {done} / {total} 节……',
  emptyChat: '就“{name}”中的文档提问。',
  sources: '来源',
  unsupported: '来源不支持此句',
  retrieved: '检索到的段落（{count}）',
  cited: '已引用',
  notCited: '未引用',
  support: '支持度 {value}',
  score_vector: '向量',
  score_keyword: '关键词',
  score_fused: '融合',
  score_rerank: '重排',
  uploadDocuments: '上传文档',
  dropHere: '将文件拖到这里，或选择文件',
  uploading: '正在上传 {count} 个文件……',
  noDocuments: '还没有文档。',
  open: '打开',
  delete: '删除',
  deleteDocument: '删除 {title}',
  chunks: '{count} 个分块',
  status_queued: '排队中',
  status_parsing: '解析中',
  status_embedding: '向量化中',
  status_indexed: '已索引',
  status_failed: '失败',
  query: '搜索内容',
  mode: '模式',
  mode_hybrid: '混合',
  mode_vector: '向量',
  mode_keyword: '关键词',
  results: '{count} 条结果',
  noResults: '没有结果。',
  score: '得分',
  page: '第 {page} 页',
  source: '来源',
  close: '关闭',
  loading: '加载中……',
  model: '模型',
  modelHint: '回答使用服务器的语言模型（LORE_LLM_MODEL）；向量化使用下面的模型。',
  temperature: '温度',
  topK: '检索分块数',
  rerank: '对检索结果重排序',
  maxTokens: '回答最大长度（词元）',
  theme: '主题',
  theme_auto: '跟随系统',
  theme_light: '浅色',
  theme_dark: '深色',
  apiKey: 'API 密钥（可选）',
  save: '保存',
  error: '错误：{message}',
};

export type Language = 'en' | 'zh';
export const dictionaries: Record<Language, Record<MessageKey, string>> = { en, zh };
export const languageNames: Record<Language, string> = { en: 'English', zh: '中文' };

/** Translates a key, filling `{name}` placeholders. */
export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

/** The saved language, else the browser's. */
export function initialLanguage(): Language {
  const saved = localStorage.getItem('lore.language');
  if (saved === 'en' || saved === 'zh') return saved;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** Builds the translate function for a language. */
export function createTranslate(language: Language): Translate {
  const dictionary = dictionaries[language];
  return (key, values) =>
    dictionary[key].replace(/\{(\w+)\}/g, (match, name: string) => String(values?.[name] ?? match));
}

export const I18nContext = createContext<Translate>(createTranslate('en'));

/** The current translate function. */
export function useT(): Translate {
  return useContext(I18nContext);
}

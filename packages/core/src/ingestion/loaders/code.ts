import type { LoadedDocument, Section } from '../../spec/document.js';

const LANGUAGES: Record<string, string> = {
  ts: 'typescript',
  tsx: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  js: 'javascript',
  jsx: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  py: 'python',
  go: 'go',
  rs: 'rust',
  java: 'java',
  kt: 'kotlin',
  scala: 'scala',
  cs: 'csharp',
  c: 'c',
  h: 'c',
  cpp: 'cpp',
  cc: 'cpp',
  cxx: 'cpp',
  hpp: 'cpp',
  rb: 'ruby',
  php: 'php',
  swift: 'swift',
  sh: 'shell',
  bash: 'shell',
  zsh: 'shell',
  sql: 'sql',
  lua: 'lua',
  r: 'r',
  yaml: 'yaml',
  yml: 'yaml',
  toml: 'toml',
  css: 'css',
  scss: 'scss',
  xml: 'xml',
};

const FILE_NAMES: Record<string, string> = {
  dockerfile: 'dockerfile',
  makefile: 'makefile',
};

/** Top-level declarations, matched at column 0: good enough to chunk at function and class boundaries. */
const DECLARATIONS: Record<string, RegExp> = {
  typescript:
    /^(?:export\s+)?(?:default\s+)?(?:declare\s+)?(?:abstract\s+)?(?:async\s+)?(?:function\*?|class|interface|type|enum|namespace)\s+[\w$]+|^(?:export\s+)?const\s+[\w$]+\s*=\s*(?:async\s*)?(?:\([^)]*\)|[\w$]+)\s*=>/,
  python: /^(?:async\s+)?(?:def|class)\s+\w+/,
  go: /^func\s+(?:\([^)]*\)\s*)?\w+|^type\s+\w+\s+(?:struct|interface)/,
  rust: /^(?:pub(?:\([^)]*\))?\s+)?(?:async\s+)?(?:unsafe\s+)?(?:fn|struct|enum|trait|impl|mod)\b/,
  java: /^(?:(?:public|protected|private|abstract|final|static|sealed)\s+)*(?:class|interface|enum|record)\s+\w+/,
  c: /^[A-Za-z_][\w\s*]*\b\w+\s*\([^;]*$|^(?:struct|enum|union|typedef)\b/,
  ruby: /^(?:class|module|def)\s+\S+/,
  php: /^(?:(?:abstract|final)\s+)?(?:class|interface|trait|function)\s+\w+/,
  shell: /^(?:function\s+)?[\w-]+\s*\(\)\s*\{?/,
};
DECLARATIONS.javascript = DECLARATIONS.typescript as RegExp;
DECLARATIONS.kotlin =
  /^(?:(?:public|private|internal|data|sealed|open|abstract)\s+)*(?:class|interface|object|fun)\s+\w+/;
DECLARATIONS.csharp = DECLARATIONS.java as RegExp;
DECLARATIONS.scala = /^(?:(?:case|abstract|sealed|final)\s+)*(?:class|object|trait|def)\s+\w+/;
DECLARATIONS.cpp = /^[A-Za-z_][\w\s*&:<>,]*\b[\w:~]+\s*\([^;]*$|^(?:class|struct|namespace|enum|template)\b/;
DECLARATIONS.swift =
  /^(?:(?:public|private|internal|open|final)\s+)*(?:class|struct|enum|protocol|extension|func)\s+\w+/;

/** Lines that belong to the declaration below them: comments, doc comments and decorators. */
const LEADING_LINE = /^\s*(?:\/\/|\/\*|\*|#(?!include)|@|--|;)/;

/** The language of a source file from its name, e.g. `typescript` for `a.ts`; undefined when not code. */
export function codeLanguageFor(fileName: string | undefined): string | undefined {
  const base = fileName?.split(/[\\/]/).pop()?.toLowerCase();
  if (!base) return undefined;
  const named = FILE_NAMES[base];
  if (named) return named;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? LANGUAGES[base.slice(dot + 1)] : undefined;
}

/** Loads a source file as is, with a section at each top-level function or class. */
export function loadCode(text: string, fileName: string | undefined): LoadedDocument {
  const language = codeLanguageFor(fileName) ?? 'text';
  const pattern = DECLARATIONS[language];
  const sections: Section[] = [];
  if (pattern) {
    const lines = text.split('\n');
    const starts: number[] = [];
    let offset = 0;
    for (const line of lines) {
      starts.push(offset);
      offset += line.length + 1;
    }
    for (const [index, line] of lines.entries()) {
      if (!pattern.test(line)) continue;
      // Start the section at the comments and decorators just above the declaration.
      let first = index;
      while (first > 0 && LEADING_LINE.test(lines[first - 1] as string)) first--;
      const title = line
        .replace(/\s*[{:]?\s*$/, '')
        .trim()
        .slice(0, 120);
      sections.push({ start: starts[first] as number, level: 1, title });
    }
  }
  return {
    text,
    mimeType: `text/x-${language}`,
    language,
    ...(sections.length > 0 ? { sections } : {}),
  };
}

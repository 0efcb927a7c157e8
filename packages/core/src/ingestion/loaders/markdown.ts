import type { LoadedDocument, Section } from '../../spec/document.js';

const ATX_HEADING = /^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** Loads markdown unchanged (so offsets are simple), with ATX and setext headings as sections. */
export function loadMarkdown(text: string): LoadedDocument {
  const sections: Section[] = [];
  let fence: string | undefined;
  let offset = 0;
  let previous: { start: number; line: string } | undefined;
  for (const line of text.split('\n')) {
    const start = offset;
    offset += line.length + 1;
    const fenceMatch = FENCE.exec(line);
    if (fence) {
      if (fenceMatch?.[1]?.startsWith(fence)) fence = undefined;
      previous = undefined;
      continue;
    }
    if (fenceMatch?.[1]) {
      fence = fenceMatch[1];
      previous = undefined;
      continue;
    }
    const atx = ATX_HEADING.exec(line);
    const underline = SETEXT_UNDERLINE.exec(line);
    if (atx?.[1]) {
      sections.push({ start, level: atx[1].length, title: (atx[2] ?? '').trim() });
      previous = undefined;
    } else if (underline?.[1] && previous && previous.line.trim() !== '') {
      // "Title\n=====" is a level-1 heading, "Title\n-----" level 2.
      sections.push({
        start: previous.start,
        level: underline[1].startsWith('=') ? 1 : 2,
        title: previous.line.trim(),
      });
      previous = undefined;
    } else {
      previous = /^\s*([-*+>]|\d+[.)])\s/.test(line) ? undefined : { start, line };
    }
  }
  const title = sections.find((section) => section.level === 1)?.title;
  return {
    text,
    mimeType: 'text/markdown',
    ...(title ? { title } : {}),
    ...(sections.length > 0 ? { sections: sections.filter((section) => section.title !== '') } : {}),
  };
}

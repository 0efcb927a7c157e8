/** What an ask reads: `chunks` (the best passages), `document` (one document whole), `auto` (decided per question). */
export type AskScope = 'auto' | 'chunks' | 'document';

// Asks about a text as a whole: summarise it, give its outline or main points, list everything of a kind in it.
const english = [
  /\bsummari[sz](e|es|ing|ation)\b|\bsummary\b(?!\s+statistics?)|\btl;?dr\b|\boverview\b|\boutline\b|\bgist\b/i,
  /\b(main|key|central)\s+(points?|ideas?|topics?|themes?|takeaways?|arguments?|sections?|parts?)\b/i,
  /\bwhat\s+(is|are|does|do)\s+(this|the|that)\s+(\w+\s+)?(document|text|article|book|chapter|file|paper|page|report|guide)s?\s+(about|say|cover|discuss|describe)/i,
  /\b(list|name|enumerate)\s+(all|every|each)\b/i,
  /\b(every|each|all\s+(of\s+)?the)\s+\w+(\s+\w+)?\s+(mentioned|listed|named|described|covered)\b/i,
  /\btable of contents\b|\b(each|every)\s+(section|chapter|part)\b|\b(whole|entire)\s+(document|text|article|book|file|paper|report)\b/i,
];
const chinese = [
  /总结|概括|概述|摘要|归纳|梳理|综述|提炼|大意|要点|大纲|目录|全书|全文|整本|整篇/u,
  /主要(内容|讲|讲了|介绍|观点|思想|论点|章节|部分)/u,
  /(讲|说|介绍|讨论)了(些)?(什么|哪些)/u,
  /列出|列举|罗列/u,
  /(所有|全部|每一?个|每一?章|各章|各节|每一?节)[^？?]{0,12}(有哪些|分别)/u,
];

/**
 * The rule `scope: 'auto'` uses: the question asks about a document as a whole (summarise it, its outline or main
 * points, list everything of a kind), in English or Chinese. Measured on tests/eval/answers/scope.jsonl.
 */
export function asksForWholeDocument(question: string): boolean {
  return (
    english.some((pattern) => pattern.test(question)) || chinese.some((pattern) => pattern.test(question))
  );
}

/** The scope an ask takes: `document` or `chunks`, deciding `auto` (the default) by `asksForWholeDocument`. */
export function resolveScope(scope: AskScope | undefined, question: string): 'chunks' | 'document' {
  if (scope === 'chunks' || scope === 'document') return scope;
  return asksForWholeDocument(question) ? 'document' : 'chunks';
}

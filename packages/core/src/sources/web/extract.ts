import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { loadHtml } from '../../ingestion/loaders/html.js';

/** A web page reduced to its main content: the HTML Lore ingests, its text (hashed for change detection), its title and its links. */
export interface ExtractedPage {
  title: string;
  /** The main content as a small HTML document (headings kept, so sections survive). */
  html: string;
  text: string;
  /** Absolute http(s) URLs the page links to, without fragments, in page order, once each. */
  links: string[];
}

const escapeHtml = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Links to files a crawl would only skip: not worth a page of its budget. */
const notPages =
  /\.(?:png|jpe?g|gif|webp|svg|ico|css|js|mjs|json|xml|pdf|zip|gz|tgz|mp3|mp4|webm|woff2?|ttf)$/i;

/**
 * Reduces a page to its main text with Mozilla's Readability (on linkedom's DOM), falling back to the
 * whole body when Readability finds no article; the title is Readability's (the page's title) or the URL.
 */
export function extractPage(source: string, url: string): ExtractedPage {
  const { document } = parseHTML(source);
  const links: string[] = [];
  const seen = new Set<string>();
  const base = document.querySelector('base[href]')?.getAttribute('href');
  const baseUrl = base ? (safeUrl(base, url)?.href ?? url) : url;
  for (const anchor of document.querySelectorAll('a[href]')) {
    if (/\bnofollow\b/i.test(anchor.getAttribute('rel') ?? '')) continue;
    const link = safeUrl(anchor.getAttribute('href') ?? '', baseUrl);
    if (!link || (link.protocol !== 'http:' && link.protocol !== 'https:') || notPages.test(link.pathname))
      continue;
    link.hash = '';
    if (!seen.has(link.href)) {
      seen.add(link.href);
      links.push(link.href);
    }
  }
  const pageTitle = document.querySelector('title')?.textContent?.trim() ?? '';
  // Readability changes the document it reads, so the links are taken first.
  const article = new Readability(
    document as unknown as ConstructorParameters<typeof Readability>[0],
  ).parse();
  const content = article?.content ?? document.querySelector('body')?.innerHTML ?? '';
  const title = (article?.title ?? '').trim() || pageTitle || url;
  const html = `<!doctype html><html><head><title>${escapeHtml(title)}</title></head><body>${content}</body></html>`;
  return { title, html, text: loadHtml(html).text.trim(), links };
}

function safeUrl(value: string, base: string): URL | undefined {
  try {
    return new URL(value, base);
  } catch {
    return undefined;
  }
}

/** Whether a response body is a sitemap (a `<urlset>` or `<sitemapindex>` document) rather than a page. */
export function isSitemap(body: string): boolean {
  return /^\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<(?:urlset|sitemapindex)\b/.test(
    body.slice(0, 4096),
  );
}

/** The `<loc>` URLs of a sitemap, and whether it is an index of further sitemaps. */
export function parseSitemap(body: string): { index: boolean; urls: string[] } {
  const index = /<sitemapindex\b/.test(body.slice(0, 4096));
  const urls: string[] = [];
  for (const match of body.matchAll(/<loc>\s*(?:<!\[CDATA\[)?([\s\S]*?)(?:\]\]>)?\s*<\/loc>/g)) {
    const value = (match[1] ?? '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&')
      .trim();
    if (value) urls.push(value);
  }
  return { index, urls };
}

/** Decodes a body by the charset its content type names (UTF-8 when none, or an unknown one). */
export function decodeBody(body: Uint8Array, contentType: string | null): string {
  const charset = /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType ?? '')?.[1];
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(body);
  } catch {
    return new TextDecoder('utf-8').decode(body);
  }
}

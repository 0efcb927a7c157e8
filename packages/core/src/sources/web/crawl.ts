import robotsParserModule from 'robots-parser';
import { type ErrorText, LoreError, messageOnly } from '../../errors.js';
import { decodeBody, extractPage, isSitemap, parseSitemap } from './extract.js';
import {
  defaultUserAgent,
  type FetchedPage,
  type FetchPolicy,
  parseWebUrl,
  safeFetch,
} from './safe-fetch.js';

/** What became of one URL a crawl meant to read. */
export type PageOutcome =
  /** Fetched and reduced to its main content. */
  | { kind: 'page'; url: string; title: string; html: string; text: string }
  /** Answered 404 or 410: the page is gone. */
  | { kind: 'gone'; url: string; reason: string }
  /** Could not be read this time (a server error, a timeout): whatever Lore has of it stays. */
  | { kind: 'kept'; url: string; reason: string }
  /** Not a page to index (robots.txt disallows it, not HTML, too large, redirects off the site or to a refused address). */
  | { kind: 'skipped'; url: string; reason: string };

export interface CrawlOptions {
  policy: FetchPolicy;
  /** Pages read at most, a start page included (a sitemap is not a page). */
  maxPages: number;
  /** Link depth from the start page; a sitemap's pages are all at depth 0. */
  maxDepth: number;
  /** How a skipped page's reason is worded (default: the message). */
  errorText?: ErrorText;
  abortSignal?: AbortSignal;
}

// robots-parser is CommonJS (`module.exports = function`); its types declare that as a default export.
const robotsParser = robotsParserModule as unknown as typeof robotsParserModule.default;

/** Sitemaps of a sitemap index read at most. */
const maxSitemaps = 20;

/**
 * Reads a site from `location`: a sitemap's pages (a sitemap index's sitemaps too), or a start page and
 * the same-site pages it links to, breadth first, to `maxDepth` links and `maxPages` pages. robots.txt is
 * obeyed for every page. Throws (so a sync changes nothing) when the site cannot be read at all: the
 * location or robots.txt is unreachable or answers an error, or robots.txt disallows the location.
 */
export async function crawlSite(location: string, options: CrawlOptions): Promise<PageOutcome[]> {
  const { policy } = options;
  const fetchPage = (url: string) => safeFetch(url, policy, { abortSignal: options.abortSignal });
  const start = parseWebUrl(location);
  const agent = robotsToken(policy.userAgent ?? defaultUserAgent);
  let robots = await readRobots(start, options);
  // Reads `robots` when called: a redirect to another origin below replaces it.
  const allowed = (url: string) => robots?.isAllowed(url, agent) !== false;
  const refuse = (url: URL) =>
    new LoreError('FORBIDDEN', `The robots.txt of ${url.origin} disallows ${url.href} for ${agent}.`);
  if (!allowed(start.href)) throw refuse(start);
  const first = await fetchPage(start.href);
  if (first.status < 200 || first.status > 299)
    throw new LoreError('UNAVAILABLE', `${start.href} answered HTTP ${first.status}.`);
  const landed = new URL(first.url);
  const site = landed.origin;
  if (site !== start.origin) {
    // The location redirects to another origin (http to https, say): that origin's robots.txt rules the crawl.
    robots = await readRobots(landed, options);
    if (!allowed(landed.href)) throw refuse(landed);
  }
  const onSite = (url: string) => URL.canParse(url) && new URL(url).origin === site;
  const firstBody = decodeBody(first.body, first.contentType);

  const outcomes = new Map<string, PageOutcome>();
  /** Records what became of a URL (the first outcome stands); no links to follow from it. */
  const record = (outcome: PageOutcome): string[] => {
    if (!outcomes.has(outcome.url)) outcomes.set(outcome.url, outcome);
    return [];
  };
  let budget = options.maxPages;

  /** Fetches a page (unless robots.txt disallows it) and records what became of it; its links when it is one. */
  const visit = async (url: string, fetched?: FetchedPage): Promise<string[]> => {
    if (!allowed(url)) {
      return record({ kind: 'skipped', url, reason: `robots.txt disallows it for ${agent}` });
    }
    let response = fetched;
    if (!response) {
      budget--;
      try {
        response = await fetchPage(url);
      } catch (error) {
        if (options.abortSignal?.aborted) throw error;
        if (!LoreError.is(error)) throw error;
        return record({
          kind: error.code === 'UNAVAILABLE' ? 'kept' : 'skipped',
          url,
          reason: (options.errorText ?? messageOnly)(error),
        });
      }
    }
    const at = response.url;
    if (response.status === 404 || response.status === 410)
      return record({ kind: 'gone', url, reason: `HTTP ${response.status}` });
    if (response.status < 200 || response.status > 299)
      return record({ kind: 'kept', url, reason: `HTTP ${response.status}` });
    if (!onSite(at)) return record({ kind: 'skipped', url, reason: `redirects off the site, to ${at}` });
    if (at !== url && !allowed(at))
      return record({ kind: 'skipped', url: at, reason: `robots.txt disallows it for ${agent}` });
    const type = (response.contentType ?? 'text/html').split(';')[0]?.trim().toLowerCase();
    if (type !== 'text/html' && type !== 'application/xhtml+xml')
      return record({ kind: 'skipped', url: at, reason: `not an HTML page (${type})` });
    const page = extractPage(decodeBody(response.body, response.contentType), at);
    if (page.text === '') record({ kind: 'skipped', url: at, reason: 'no text on the page' });
    else record({ kind: 'page', url: at, title: page.title, html: page.html, text: page.text });
    return page.links;
  };

  if (isSitemap(firstBody)) {
    const pages = await sitemapPages(firstBody, onSite, fetchPage);
    for (const url of pages) {
      if (budget <= 0) break;
      if (!outcomes.has(url)) await visit(url);
    }
    return [...outcomes.values()];
  }
  // A start page: breadth first over same-site links.
  const queued = new Set<string>([first.url]);
  budget--;
  let level: string[] = await visit(first.url, first);
  for (let depth = 1; depth <= options.maxDepth && level.length > 0; depth++) {
    const next: string[] = [];
    for (const url of level) {
      if (budget <= 0) break;
      if (!onSite(url) || queued.has(url)) continue;
      queued.add(url);
      next.push(...(await visit(url)));
    }
    level = next;
  }
  return [...outcomes.values()];
}

/** The pages a sitemap lists on the site, reading the sitemaps of an index (up to a limit). */
async function sitemapPages(
  body: string,
  onSite: (url: string) => boolean,
  fetchPage: (url: string) => Promise<FetchedPage>,
): Promise<string[]> {
  const parsed = parseSitemap(body);
  if (!parsed.index) return parsed.urls.filter(onSite).map((url) => parseWebUrl(url).href);
  const pages: string[] = [];
  for (const url of parsed.urls.filter(onSite).slice(0, maxSitemaps)) {
    const response = await fetchPage(url);
    if (response.status < 200 || response.status > 299)
      throw new LoreError('UNAVAILABLE', `The sitemap ${url} answered HTTP ${response.status}.`);
    const child = parseSitemap(decodeBody(response.body, response.contentType));
    if (!child.index) pages.push(...child.urls.filter(onSite).map((page) => parseWebUrl(page).href));
  }
  return pages;
}

/** The site's robots.txt rules; undefined (everything allowed) when it has none (a 4xx answer). */
async function readRobots(start: URL, options: CrawlOptions) {
  const url = `${start.origin}/robots.txt`;
  const response = await safeFetch(url, options.policy, { abortSignal: options.abortSignal });
  if (response.status >= 400 && response.status < 500) return undefined;
  if (response.status < 200 || response.status > 299)
    // RFC 9309: an unreachable robots.txt means the whole site is disallowed.
    throw new LoreError(
      'UNAVAILABLE',
      `${url} answered HTTP ${response.status}: not crawling ${start.origin}.`,
    );
  return robotsParser(response.url, decodeBody(response.body, response.contentType));
}

/** The product token robots.txt groups are matched against: "LoreBot" of "LoreBot/0.1 (...)". */
const robotsToken = (userAgent: string) => userAgent.split(/[/\s]/)[0] || userAgent;

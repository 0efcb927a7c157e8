import { describe, expect, test } from 'vitest';
import { decodeBody, extractPage, isSitemap, parseSitemap } from './extract.js';

describe('extractPage', () => {
  const html = `<!doctype html><html><head><title>Tea | Example</title></head><body>
    <nav><a href="/">Home</a> <a href="/tea#brewing">Brewing</a> <a href="/tea">Tea again</a>
    <a href="logo.png">Logo</a> <a href="mailto:me@example.com">Mail</a> <a rel="nofollow" href="/login">Log in</a>
    <a href="https://other.example/page">Elsewhere</a></nav>
    <article><h1>Green tea</h1><p>Green tea is made from the unoxidised leaves of Camellia sinensis and steeped at eighty degrees.</p>
    <h2>Storage</h2><p>Keep the leaves dry, dark and away from strong smells, and use them within a year.</p></article>
    <footer>Subscribe to the newsletter</footer></body></html>`;

  test('keeps the article, its headings and the title; drops navigation and footer', () => {
    const page = extractPage(html, 'https://example.com/guide/tea');
    expect(page.title).toBe('Tea | Example');
    expect(page.text).toContain('Camellia sinensis');
    expect(page.text).toContain('Storage');
    expect(page.text).not.toContain('newsletter');
    expect(page.text).not.toContain('Log in');
  });

  test('links are absolute, without fragments, once each; nofollow, mail and image links are left out', () => {
    expect(extractPage(html, 'https://example.com/guide/tea').links).toEqual([
      'https://example.com/',
      'https://example.com/tea',
      'https://other.example/page',
    ]);
  });
});

describe('sitemaps', () => {
  test('a urlset and a sitemap index are told apart from a page; loc entries are decoded', () => {
    const urlset = `<?xml version="1.0" encoding="UTF-8"?>
<!-- generated -->
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc> https://example.com/a?x=1&amp;y=2 </loc></url>
  <url><loc><![CDATA[https://example.com/b]]></loc></url>
</urlset>`;
    expect(isSitemap(urlset)).toBe(true);
    expect(parseSitemap(urlset)).toEqual({
      index: false,
      urls: ['https://example.com/a?x=1&y=2', 'https://example.com/b'],
    });
    const index = '<sitemapindex><sitemap><loc>https://example.com/s1.xml</loc></sitemap></sitemapindex>';
    expect(parseSitemap(index)).toEqual({ index: true, urls: ['https://example.com/s1.xml'] });
    expect(isSitemap('<!doctype html><html><body><urlset></urlset></body></html>')).toBe(false);
  });

  test('bodies are decoded by the charset of their content type', () => {
    const latin1 = new Uint8Array([0x43, 0x61, 0x66, 0xe9]);
    expect(decodeBody(latin1, 'text/html; charset=ISO-8859-1')).toBe('Café');
    expect(decodeBody(new TextEncoder().encode('Café'), 'text/html')).toBe('Café');
  });
});

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, createTestLore } from '../support/lore.js';

const tea =
  '绿茶是中国最古老的茶类。它不经过发酵，保留了鲜叶的天然物质。龙井茶产于杭州西湖一带，以色绿、香郁、味甘、形美著称。';
const rail = '高速铁路把北京和上海连接起来。列车的最高运营速度达到每小时三百五十公里，旅程只需要四个多小时。';

describe('Chinese documents end to end', () => {
  let env: Awaited<ReturnType<typeof createTestLore>>;
  beforeAll(async () => {
    env = await createTestLore('pglite');
    await call(env.app, 'POST', '/v1/collections', { name: 'zh' });
    for (const [title, text] of [
      ['茶', tea],
      ['铁路', rail],
    ]) {
      const response = await call(env.app, 'POST', '/v1/collections/zh/documents?wait=true', { text, title });
      expect(response.body.documents[0].status).toBe('indexed');
    }
  });
  afterAll(async () => {
    await env.cleanup();
  });

  test('keyword search finds Chinese words inside unsegmented text, with exact spans', async () => {
    for (const [query, title, source] of [
      ['龙井茶', '茶', tea],
      ['高速铁路', '铁路', rail],
      ['西湖', '茶', tea],
    ]) {
      const response = await call(env.app, 'POST', '/v1/collections/zh/search', { query, mode: 'keyword' });
      expect(response.status).toBe(200);
      const [best] = response.body.results;
      expect(best?.title, query).toBe(title);
      expect(best.text).toBe(source?.slice(best.start, best.end));
      expect(best.text).toContain(query);
    }
  });

  test('a Chinese query that matches nothing returns no keyword results', async () => {
    const response = await call(env.app, 'POST', '/v1/collections/zh/search', {
      query: '量子计算机',
      mode: 'keyword',
    });
    expect(response.body.results).toEqual([]);
  });
});

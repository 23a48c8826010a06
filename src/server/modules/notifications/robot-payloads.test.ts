import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dingtalkPayload, emailText, escapeMarkdown, signDingtalkUrl, wecomPayload } from './robot-payloads.ts';

const message = {
  title: '催办：第21项任务',
  lines: ['请资料处于6月30日前报送进展。', '进度 *40%*'],
  link: 'http://fz.example/supervision/board?plan=1',
};

describe('robot payloads', () => {
  it('builds the 企业微信 markdown body with the title, each line quoted, and the link', () => {
    const body = wecomPayload(message);
    expect(body.msgtype).toBe('markdown');
    expect(body.markdown.content).toBe(
      '**催办：第21项任务**\n> 请资料处于6月30日前报送进展。\n> 进度 \\*40%\\*\n\n[查看详情](http://fz.example/supervision/board?plan=1)',
    );
  });

  it('builds the 钉钉 markdown body with a separate title', () => {
    const body = dingtalkPayload({ title: '节点逾期', lines: ['甲'] });
    expect(body).toEqual({ msgtype: 'markdown', markdown: { title: '节点逾期', text: '#### 节点逾期\n\n> 甲' } });
  });

  it('escapes markdown syntax in user text', () => {
    expect(escapeMarkdown('[链接](x) #标题 `代码` _斜_')).toBe('\\[链接\\](x) \\#标题 \\`代码\\` \\_斜\\_');
  });

  it('signs a 钉钉 URL with HMAC-SHA256 of timestamp and secret, keeping the access token', () => {
    const url = new URL(
      signDingtalkUrl('https://oapi.dingtalk.com/robot/send?access_token=abc', 'SECxyz', 1700000000000),
    );
    expect(url.searchParams.get('access_token')).toBe('abc');
    expect(url.searchParams.get('timestamp')).toBe('1700000000000');
    const expected = createHmac('sha256', 'SECxyz').update('1700000000000\nSECxyz').digest('base64');
    expect(url.searchParams.get('sign')).toBe(expected);
    expect(url.search).toContain(`sign=${encodeURIComponent(expected)}`);
  });

  it('writes the e-mail text with the link and a no-reply note', () => {
    const text = emailText(message);
    expect(text.split('\n')[0]).toBe('催办：第21项任务');
    expect(text).toContain('查看详情：http://fz.example/supervision/board?plan=1');
    expect(text).toContain('进度 *40%*');
  });
});

import { createHmac } from 'node:crypto';

/**
 * The JSON bodies the group robots of 企业微信 and 钉钉 accept, and 钉钉's request signing. Pure: no network here.
 * 企业微信: `{"msgtype":"markdown","markdown":{"content":"…"}}`; 钉钉: `{"msgtype":"markdown","markdown":{"title":"…","text":"…"}}`.
 */

export interface OutboundMessage {
  title: string;
  /** Plain sentences, one per line; robots show them as markdown, e-mail as text. */
  lines: string[];
  /** An absolute or site-relative link to open the item, shown last. */
  link?: string | null;
}

/** Markdown treats `#`, `*`, `_`, `[`, `]`, `>` and backticks as syntax; user text must not restyle the message. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]#>])/g, '\\$1');
}

function markdownBody(message: OutboundMessage): string {
  const lines = message.lines.map((l) => `> ${escapeMarkdown(l)}`);
  if (message.link) lines.push('', `[查看详情](${message.link})`);
  return lines.join('\n');
}

export function wecomPayload(message: OutboundMessage) {
  return {
    msgtype: 'markdown',
    markdown: { content: `**${escapeMarkdown(message.title)}**\n${markdownBody(message)}` },
  };
}

export function dingtalkPayload(message: OutboundMessage) {
  return {
    msgtype: 'markdown',
    markdown: { title: message.title, text: `#### ${escapeMarkdown(message.title)}\n\n${markdownBody(message)}` },
  };
}

/**
 * 钉钉 "加签": sign = base64(HMAC-SHA256(key = secret, data = `${timestamp}\n${secret}`)), sent URL-encoded as the
 * `timestamp` and `sign` query parameters. `timestampMs` is milliseconds since the epoch (钉钉 refuses one older than an hour).
 */
export function signDingtalkUrl(webhookUrl: string, secret: string, timestampMs: number): string {
  const sign = createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
  const url = new URL(webhookUrl);
  url.searchParams.set('timestamp', String(timestampMs));
  url.searchParams.set('sign', sign);
  return url.toString();
}

/** The e-mail text: the title, the lines, and the link, for clients that show plain text. */
export function emailText(message: OutboundMessage): string {
  return [
    message.title,
    '',
    ...message.lines,
    ...(message.link ? ['', `查看详情：${message.link}`] : []),
    '',
    '——方志 地方志工作平台（系统自动发送，请勿直接回复）',
  ].join('\n');
}

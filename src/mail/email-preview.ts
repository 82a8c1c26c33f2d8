import type { OutboxMessage } from './outbox-message.entity.js';

/**
 * The HTML part of a stored email as the recipient's mail program shows it: inline images (`cid:`) replaced by
 * data: URLs from the stored attachments. Shown to organisers in a sandboxed frame (no scripts, no same origin), so
 * nothing in it runs; the page's Content-Security-Policy applies to it as well.
 */
export function emailPreview(message: Pick<OutboxMessage, 'html' | 'attachments'>): string {
  const inline = new Map(
    (message.attachments ?? [])
      .filter((a) => a.cid && /^image\/(png|jpeg|gif|webp)$/.test(a.contentType))
      .map((a) => [a.cid!, `data:${a.contentType};base64,${a.content}`]),
  );
  return message.html.replace(/(["'(])cid:([^"')\s]+)/g, (whole, open: string, cid: string) => {
    const url = inline.get(cid);
    return url ? `${open}${url}` : whole;
  });
}

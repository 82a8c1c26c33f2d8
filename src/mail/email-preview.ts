import { qrPng } from '../common/qr-image.js';
import type { WholeMessage } from './outbox.service.js';

/**
 * The HTML part of a stored email as the recipient's mail program shows it: inline images (`cid:`) replaced by
 * data: URLs — stored images as stored, a badge's QR code drawn as the mail worker draws it when sending. Shown to
 * organisers in a sandboxed frame (no scripts, no same origin), so nothing in it runs; the page's
 * Content-Security-Policy applies to it as well.
 */
export async function emailPreview(message: Pick<WholeMessage, 'html' | 'attachments'>): Promise<string> {
  const inline = new Map<string, string>();
  for (const a of message.attachments ?? []) {
    if (!a.cid || !/^image\/(png|jpeg|gif|webp)$/.test(a.contentType)) continue;
    const content = a.qr !== undefined ? (await qrPng(a.qr)).toString('base64') : (a.content ?? '');
    inline.set(a.cid, `data:${a.contentType};base64,${content}`);
  }
  return message.html.replace(/(["'(])cid:([^"')\s]+)/g, (whole, open: string, cid: string) => {
    const url = inline.get(cid);
    return url ? `${open}${url}` : whole;
  });
}

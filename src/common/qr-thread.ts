/**
 * The worker thread of `QrThreads` (src/common/qr-threads.ts): draws the email QR images it is sent (qrPng's
 * defaults) and answers them in one buffer, their lengths beside it, the buffer transferred, not copied.
 */
import { parentPort } from 'node:worker_threads';
import { drawQrPng } from './qr-image.js';

export interface QrRequest {
  id: number;
  codes: string[];
}

export interface QrAnswer {
  id: number;
  /** The PNGs one after the other, `lengths` bytes each; `error` instead when one could not be drawn. */
  bytes?: ArrayBuffer;
  lengths?: number[];
  error?: string;
}

parentPort?.on('message', ({ id, codes }: QrRequest) => {
  try {
    const pngs = codes.map((code) => drawQrPng(code));
    const bytes = new Uint8Array(pngs.reduce((sum, png) => sum + png.length, 0));
    let at = 0;
    for (const png of pngs) {
      bytes.set(png, at);
      at += png.length;
    }
    const answer: QrAnswer = { id, bytes: bytes.buffer, lengths: pngs.map((png) => png.length) };
    parentPort!.postMessage(answer, [bytes.buffer]);
  } catch (error) {
    parentPort!.postMessage({ id, error: String(error) } satisfies QrAnswer);
  }
});

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { drawQrPng } from './qr-image.js';
import type { QrAnswer, QrRequest } from './qr-thread.js';

/** Codes sent to a thread in one message: the first images of a batch are back after a few, not after all. */
const CHUNK = 8;

/**
 * Email QR images (qrPng's defaults) drawn on worker threads, so that the thread sending mail does not draw them: the
 * mail worker asks for a whole claimed batch at once and finds each image ready when its message is built. One
 * thread per core beyond the first (at least one, at most two), started on first use and not holding the process
 * open. Where no thread can run (the sources run through tsx or jest, not built) or a thread fails, the images are
 * drawn on the calling thread instead, so an image is always drawn or fails as qrPng would.
 */
export class QrThreads {
  private threads?: Worker[];
  private next = 0;
  private lastId = 0;
  private readonly pending = new Map<number, (pngs: Buffer[]) => void>();

  /** The images of `codes`, in order: one promise each, settled as its chunk is drawn. */
  draw(codes: string[]): Promise<Buffer>[] {
    const images: Promise<Buffer>[] = [];
    for (let start = 0; start < codes.length; start += CHUNK) {
      const chunk = codes.slice(start, start + CHUNK);
      const drawn = this.drawChunk(chunk);
      for (let i = 0; i < chunk.length; i++) {
        const image = drawn.then((pngs) => pngs[i] ?? drawQrPng(chunk[i]));
        // A message handed back unsent never asks for its image: its failure must not go unhandled.
        image.catch(() => undefined);
        images.push(image);
      }
    }
    return images;
  }

  /** Ends the threads; images asked for and not yet drawn are drawn here. */
  async close(): Promise<void> {
    const threads = this.threads ?? [];
    this.threads = undefined;
    await Promise.all(threads.map((thread) => thread.terminate()));
    this.drawPendingHere();
  }

  private drawChunk(codes: string[]): Promise<Buffer[]> {
    const threads = this.start();
    if (threads.length === 0) return Promise.resolve([]);
    const id = ++this.lastId;
    const answer = new Promise<Buffer[]>((done) => this.pending.set(id, done));
    threads[this.next++ % threads.length].postMessage({ id, codes } satisfies QrRequest);
    return answer;
  }

  private start(): Worker[] {
    if (this.threads) return this.threads;
    this.threads = [];
    // The thread's module beside this one, built (.js). Not from the sources (.ts, under tsx or jest): a worker thread
    // on Node 20 does not get the parent's loader hooks, so there the images are drawn on this thread.
    const url = new URL(import.meta.url.replace(/qr-threads\.(\w+)$/, 'qr-thread.$1'));
    if (!url.pathname.endsWith('.js')) return this.threads;
    const count = Math.min(2, Math.max(1, availableParallelism() - 1));
    for (let n = 0; n < count; n++) {
      const thread = new Worker(url);
      thread.unref();
      thread.on('message', (answer: QrAnswer) => this.answered(answer));
      thread.on('error', () => this.fail());
      thread.on('exit', () => this.fail());
      this.threads.push(thread);
    }
    return this.threads;
  }

  private answered({ id, bytes, lengths }: QrAnswer): void {
    const done = this.pending.get(id);
    if (!done) return;
    this.pending.delete(id);
    const pngs: Buffer[] = [];
    let at = 0;
    for (const length of lengths ?? []) {
      pngs.push(Buffer.from(bytes!, at, length));
      at += length;
    }
    // An error answers no image: each is drawn here, failing as qrPng fails.
    done(pngs);
  }

  /** A thread failed or ended: no more threads; what they had in hand is drawn here. */
  private fail(): void {
    if (this.threads && this.threads.length > 0) {
      const threads = this.threads;
      this.threads = [];
      for (const thread of threads) void thread.terminate();
    }
    this.drawPendingHere();
  }

  private drawPendingHere(): void {
    for (const [id, done] of this.pending) {
      this.pending.delete(id);
      done([]);
    }
  }
}

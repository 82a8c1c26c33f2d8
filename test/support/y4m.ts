import { writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';

/** One scene of a fake camera video: an image (PNG) or a blank white frame, shown for a number of frames. */
export interface Scene {
  png: Buffer | null;
  frames: number;
}

/**
 * Writes a YUV4MPEG2 (.y4m) video for Chromium's fake camera (--use-file-for-fake-video-capture), which loops it.
 * Each image is scaled (area average) to fit the frame with a white border and converted to 4:2:0 full-range YUV,
 * as a phone camera held over a printed badge would see it, without the blur. No ffmpeg needed.
 */
export function writeY4m(path: string, scenes: Scene[], options: { width: number; height: number; fps: number }): void {
  const { width, height, fps } = options;
  if (width % 2 || height % 2) throw new Error('y4m: width and height must be even');
  const frames: Buffer[] = [Buffer.from(`YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`)];
  for (const scene of scenes) {
    const frame = Buffer.concat([Buffer.from('FRAME\n'), yuvFrame(scene.png, width, height)]);
    for (let i = 0; i < scene.frames; i++) frames.push(frame);
  }
  writeFileSync(path, Buffer.concat(frames));
}

function yuvFrame(png: Buffer | null, width: number, height: number): Buffer {
  const rgb = new Float32Array(width * height * 3).fill(255);
  if (png) {
    const image = PNG.sync.read(png);
    const margin = 0.96;
    const scale = Math.min((width * margin) / image.width, (height * margin) / image.height, 1);
    const w = Math.floor(image.width * scale);
    const h = Math.floor(image.height * scale);
    const left = Math.floor((width - w) / 2);
    const top = Math.floor((height - h) / 2);
    for (let y = 0; y < h; y++) {
      const sy0 = Math.floor(y / scale);
      const sy1 = Math.max(sy0 + 1, Math.min(image.height, Math.floor((y + 1) / scale)));
      for (let x = 0; x < w; x++) {
        const sx0 = Math.floor(x / scale);
        const sx1 = Math.max(sx0 + 1, Math.min(image.width, Math.floor((x + 1) / scale)));
        let r = 0;
        let g = 0;
        let b = 0;
        let n = 0;
        for (let sy = sy0; sy < sy1; sy++) {
          for (let sx = sx0; sx < sx1; sx++) {
            const i = (sy * image.width + sx) * 4;
            const alpha = image.data[i + 3] / 255;
            r += image.data[i] * alpha + 255 * (1 - alpha);
            g += image.data[i + 1] * alpha + 255 * (1 - alpha);
            b += image.data[i + 2] * alpha + 255 * (1 - alpha);
            n++;
          }
        }
        const o = ((top + y) * width + left + x) * 3;
        rgb[o] = r / n;
        rgb[o + 1] = g / n;
        rgb[o + 2] = b / n;
      }
    }
  }
  const ySize = width * height;
  const cw = width / 2;
  const ch = height / 2;
  const out = Buffer.alloc(ySize + 2 * cw * ch);
  for (let i = 0; i < ySize; i++) {
    out[i] = clamp(0.299 * rgb[i * 3] + 0.587 * rgb[i * 3 + 1] + 0.114 * rgb[i * 3 + 2]);
  }
  for (let y = 0; y < ch; y++) {
    for (let x = 0; x < cw; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (const [dx, dy] of [
        [0, 0],
        [1, 0],
        [0, 1],
        [1, 1],
      ]) {
        const i = ((y * 2 + dy) * width + x * 2 + dx) * 3;
        r += rgb[i] / 4;
        g += rgb[i + 1] / 4;
        b += rgb[i + 2] / 4;
      }
      out[ySize + y * cw + x] = clamp(-0.168736 * r - 0.331264 * g + 0.5 * b + 128);
      out[ySize + cw * ch + y * cw + x] = clamp(0.5 * r - 0.418688 * g - 0.081312 * b + 128);
    }
  }
  return out;
}

const clamp = (v: number) => Math.max(0, Math.min(255, Math.round(v)));

import { utcToLocalInput } from '../common/time.js';

export const BUCKET_MS = 5 * 60_000;
/** At most twelve hours of five-minute bars; earlier arrivals are summed into the first bar. */
const MAX_BUCKETS = 144;

export interface Bucket {
  start: Date;
  count: number;
}

/**
 * Arrival times → five-minute buckets from the first arrival to the last (or `until`), gaps filled with zeros, and
 * at least `minBuckets` of them (earlier empty ones added), so that one busy bucket does not fill the whole chart.
 */
export function bucketArrivals(times: Date[], options: { until?: Date; minBuckets?: number } = {}): Bucket[] {
  if (times.length === 0) return [];
  const slots = times.map((t) => Math.floor(t.getTime() / BUCKET_MS));
  let last = Math.max(...slots);
  if (options.until) last = Math.max(last, Math.floor(options.until.getTime() / BUCKET_MS));
  const first = Math.max(Math.min(Math.min(...slots), last - (options.minBuckets ?? 1) + 1), last - MAX_BUCKETS + 1);
  const counts = new Array<number>(last - first + 1).fill(0);
  for (const slot of slots) counts[Math.max(slot, first) - first] += 1;
  return counts.map((count, i) => ({ start: new Date((first + i) * BUCKET_MS), count }));
}

/** The top of the y axis: four equal whole-number steps (1, 2, 5 × 10ⁿ each) that reach the value. */
function niceMax(value: number): number {
  const rough = Math.max(1, value / 4);
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  for (const step of [1, 2, 5, 10]) if (step * magnitude >= rough) return 4 * step * magnitude;
  return 40 * magnitude;
}

const esc = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * An inline SVG bar chart of arrivals per five minutes, drawn on the server (no script, no assets), times on the
 * axis in the event's zone. `label` names the chart for screen readers.
 */
export function arrivalsChartSvg(buckets: Bucket[], options: { timeZone: string; label: string }): string {
  const width = 720;
  const height = 220;
  const left = 36;
  const right = 8;
  const top = 12;
  const bottom = 28;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const max = niceMax(Math.max(0, ...buckets.map((b) => b.count)));
  const n = Math.max(buckets.length, 1);
  const slot = plotW / n;
  const barW = Math.max(1, slot * 0.8);
  const hhmm = (at: Date) => utcToLocalInput(at, options.timeZone).slice(11, 16);
  const parts: string[] = [];
  for (let i = 0; i <= 4; i++) {
    const value = (max * i) / 4;
    const y = top + plotH - (plotH * i) / 4;
    parts.push(
      `<line class="grid" x1="${left}" x2="${width - right}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}"/>`,
      `<text class="y" x="${left - 6}" y="${(y + 4).toFixed(1)}" text-anchor="end">${value}</text>`,
    );
  }
  // A time label at most every ~70 px, on whole quarter hours when the bars allow it.
  const every = Math.max(1, Math.ceil(70 / slot));
  buckets.forEach((bucket, i) => {
    const h = (plotH * bucket.count) / max;
    const x = left + i * slot + (slot - barW) / 2;
    const time = hhmm(bucket.start);
    if (bucket.count > 0)
      parts.push(
        `<rect class="bar" x="${x.toFixed(1)}" y="${(top + plotH - h).toFixed(1)}" width="${barW.toFixed(1)}" height="${h.toFixed(1)}"><title>${time} ${bucket.count}</title></rect>`,
      );
    if (i % every === 0)
      parts.push(
        `<text class="x" x="${(left + i * slot + slot / 2).toFixed(1)}" y="${height - 8}" text-anchor="middle">${time}</text>`,
      );
  });
  const summary = buckets.map((b) => `${hhmm(b.start)} ${b.count}`).join(', ');
  return (
    `<svg class="arrivals-chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(options.label)}" xmlns="http://www.w3.org/2000/svg">` +
    `<desc>${esc(summary)}</desc>` +
    `<line class="axis" x1="${left}" x2="${width - right}" y1="${top + plotH}" y2="${top + plotH}"/>` +
    parts.join('') +
    `</svg>`
  );
}

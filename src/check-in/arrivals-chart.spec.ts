import { arrivalsChartSvg, bucketArrivals } from './arrivals-chart.js';

const at = (hhmm: string) => new Date(`2026-12-05T${hhmm}:00+08:00`);

describe('arrivals per five minutes', () => {
  it('counts arrivals into five-minute buckets and fills the gaps with zeros', () => {
    const buckets = bucketArrivals([at('08:31'), at('08:34'), at('08:35'), at('08:47'), at('08:49')]);
    expect(buckets.map((b) => [b.start.toISOString(), b.count])).toEqual([
      ['2026-12-05T00:30:00.000Z', 2],
      ['2026-12-05T00:35:00.000Z', 1],
      ['2026-12-05T00:40:00.000Z', 0],
      ['2026-12-05T00:45:00.000Z', 2],
    ]);
  });

  it('runs the buckets on to `until`, shows at least `minBuckets`, and has none without arrivals', () => {
    expect(bucketArrivals([at('08:31')], { until: at('08:44') }).map((b) => b.count)).toEqual([1, 0, 0]);
    const hour = bucketArrivals([at('08:31')], { until: at('08:34'), minBuckets: 12 });
    expect(hour).toHaveLength(12);
    expect(hour[0].start.toISOString()).toBe('2026-12-04T23:35:00.000Z');
    expect(hour[11].count).toBe(1);
    expect(bucketArrivals([], { until: at('08:44') })).toEqual([]);
  });

  it('keeps at most twelve hours of bars, summing earlier arrivals into the first', () => {
    const buckets = bucketArrivals([new Date('2026-12-04T00:00:00Z'), at('20:00')]);
    expect(buckets).toHaveLength(144);
    expect(buckets[0].count).toBe(1);
    expect(buckets[143].count).toBe(1);
  });

  it('draws one bar per non-empty bucket with the time in the event zone, and names the chart', () => {
    const svg = arrivalsChartSvg(bucketArrivals([at('08:31'), at('08:34'), at('08:47')]), {
      timeZone: 'Asia/Shanghai',
      label: 'Arrivals <per> 5 minutes',
    });
    expect(svg.match(/<rect /g)).toHaveLength(2);
    expect(svg).toContain('<title>08:30 2</title>');
    expect(svg).toContain('<title>08:45 1</title>');
    expect(svg).toContain('aria-label="Arrivals &#60;per&#62; 5 minutes"');
    expect(svg).toContain('<desc>08:30 2, 08:35 0, 08:40 0, 08:45 1</desc>');
    // Four whole-number steps up to 4 for a top bucket of 2.
    expect([...svg.matchAll(/<text class="y"[^>]*>(\d+)<\/text>/g)].map((m) => m[1])).toEqual([
      '0',
      '1',
      '2',
      '3',
      '4',
    ]);
  });
});

/**
 * Soak: the built app under a steady mixed load — registrations, pages (event, agenda, personal), personal calendar
 * feeds and badge scans — for SOAK_SECONDS (default 600), its resident memory sampled every 10 s.
 *
 *   npm run bench -- soak                  (SOAK_SECONDS=120 npm run bench -- soak for a shorter run)
 *
 * The app runs as `node dist/src/main.js` on a fresh SQLite folder with its mail worker sending to an SMTP sink in
 * this process. After a warm-up (a tenth of the run, at least 20 s) the samples begin; printed: each sample, the
 * linear trend over them (least squares, MB per minute), and the baseline ratio — memory at the end against memory
 * after the warm-up. "No growth" means a trend under 1 MB/min and an end/warm-up ratio under 1.10. The load is a fixed
 * request rate (SOAK_RPS, default 10), so a slower server shows as latency, not as less work. Figures:
 * data/bench/soak.json.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { SmtpSink } from '../support/smtp-sink.js';
import { guard, jsonClient, machine, round, run, scratchDir, stop, writeReport } from './harness.js';
import {
  badgeCodes,
  fairRequests,
  inParallel,
  printEndpointTable,
  rssMb,
  setUpEvent,
  startApp,
  Timings,
  type Store,
} from './mixed-load.js';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const RPS = Number(process.env.SOAK_RPS ?? 10);
const WARMUP_SECONDS = Math.max(20, Math.round(SECONDS / 10));
const SAMPLE_EVERY_MS = 10_000;
const GROWTH_MB_PER_MIN = 1;
const GROWTH_RATIO = 1.1;

guard((SECONDS + WARMUP_SECONDS + 240) * 1000);

/** Least-squares slope of y over x. */
function slope(points: { x: number; y: number }[]): number {
  const n = points.length;
  const mx = points.reduce((a, p) => a + p.x, 0) / n;
  const my = points.reduce((a, p) => a + p.y, 0) / n;
  const num = points.reduce((a, p) => a + (p.x - mx) * (p.y - my), 0);
  const den = points.reduce((a, p) => a + (p.x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

const sink = await new SmtpSink().start();
await run(
  async () => {
    const { call } = jsonClient(64, 60_000);
    const store: Store = { dataDir: scratchDir('soak') };
    const { child, port } = await startApp(call, store, sink.url, 'duijie');
    const event = await setUpEvent(call, port, { slug: 'bench-soak', seats: 1_000_000, sessions: 30, scanners: 4 });
    const timings = new Timings();
    const fair = fairRequests(call, event, timings, 'soak');
    await inParallel(100, 10, () => fair.register(port));
    let codes = await badgeCodes(store, event.eventId);

    let n = 0;
    let running = true;
    let inFlight = 0;
    const one = async (i: number) => {
      const pick = i % 20;
      if (pick < 3) await fair.register(port);
      else if (pick < 6) await fair.eventPage(port);
      else if (pick < 9) await fair.agendaPage(port);
      else if (pick < 11) await fair.personalPage(port, i);
      else if (pick < 15) await fair.feed(port, i * 7);
      else if (codes.length) await fair.scan(port, codes[i % codes.length], i % event.scanners.length, `soak-${i}`);
    };
    // A fixed rate: one request every 1000 / RPS ms, whatever the answers' latency (at most 200 in flight).
    const load = (async () => {
      const started = performance.now();
      while (running) {
        const due = started + (n * 1000) / RPS;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
        if (inFlight < 200) {
          inFlight++;
          void one(n).finally(() => inFlight--);
        }
        n++;
      }
    })();
    const refresh = setInterval(() => {
      void badgeCodes(store, event.eventId).then((c) => (codes = c));
    }, 30_000);

    console.log(`soak: ${SECONDS} s at ${RPS} requests/s after ${WARMUP_SECONDS} s of warm-up — ${machine().summary}`);
    await sleep(WARMUP_SECONDS * 1000);
    const samples: { seconds: number; rssMb: number }[] = [];
    const t0 = performance.now();
    for (;;) {
      const seconds = (performance.now() - t0) / 1000;
      samples.push({ seconds: round(seconds, 0), rssMb: round(rssMb(child.pid!), 1) });
      console.log(
        `  t=${String(round(seconds, 0)).padStart(4)} s  rss ${round(rssMb(child.pid!), 1)} MB  (${n} requests sent)`,
      );
      if (seconds >= SECONDS - 0.5) break;
      await sleep(Math.min(SAMPLE_EVERY_MS, (SECONDS - seconds) * 1000));
    }
    running = false;
    clearInterval(refresh);
    await load;
    while (inFlight > 0) await sleep(50);

    const trend = slope(samples.map((s) => ({ x: s.seconds / 60, y: s.rssMb })));
    const ratio = samples[samples.length - 1].rssMb / samples[0].rssMb;
    const growth = trend >= GROWTH_MB_PER_MIN || ratio >= GROWTH_RATIO;
    printEndpointTable(timings.table());
    console.log(
      `memory: ${samples[0].rssMb} MB after warm-up, ${samples[samples.length - 1].rssMb} MB at the end ` +
        `(ratio ${round(ratio, 3)}×), trend ${round(trend, 2)} MB/min over ${samples.length} samples`,
    );
    console.log(
      growth
        ? `GROWTH: trend ≥ ${GROWTH_MB_PER_MIN} MB/min or end/warm-up ≥ ${GROWTH_RATIO}×`
        : `no growth trend (under ${GROWTH_MB_PER_MIN} MB/min and ${GROWTH_RATIO}×)`,
    );
    console.log(`requests: ${n} sent, ${timings.errors} unexpected answers; ${sink.messages.length} emails delivered`);
    for (const line of timings.unexpected) console.log(`  unexpected: ${line}`);
    writeReport('soak.json', {
      machine: machine(),
      seconds: SECONDS,
      rps: RPS,
      warmupSeconds: WARMUP_SECONDS,
      samples,
      trendMbPerMin: trend,
      ratio,
      growth,
      endpoints: timings.table(),
      errors: timings.errors,
    });
    await stop(child, 10_000);
    if (timings.errors > n / 100) throw new Error(`${timings.errors} unexpected answers`);
  },
  () => void sink.stop(),
);

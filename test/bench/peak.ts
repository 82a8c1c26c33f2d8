/**
 * The peak of a fair's opening (issue 12, Figures): PEAK_ARRIVALS (default 5,000) arrivals scanned across 10 gates
 * while 200 people browse the agenda (agenda page, personal page, personal feed) and 1,000 late registrations each
 * send their confirmation email — all within PEAK_SECONDS (default 60: the ten minutes of the real peak compressed
 * tenfold; PEAK_SECONDS=600 for the real pace). Printed: p50/p99 per endpoint, on SQLite (one instance) and, with
 * TEST_DATABASE_URL, on PostgreSQL with two instances sharing a scratch database, the requests alternating between
 * them as a round-robin proxy would.
 *
 *   npm run bench -- peak
 *   PEAK_SECONDS=600 TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench -- peak
 *
 * Set-up (not timed): the event, a published programme of 30 sessions, 10 paired scanners, and the arriving people
 * registered through the API (their confirmation emails are marked sent before the peak, so that the peak's emails
 * are the 1,000 new ones). The requests are scheduled at fixed times (open loop: a slow answer does not slow the
 * schedule), arrivals evenly, browsing and registrations spread over the window. The baseline: the same requests'
 * p50/p99 with nothing else running (one request at a time, 200 of each kind), in the same run. Every arrival must be
 * checked in exactly once and every late registration's email delivered. Figures: data/bench/peak.json.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { createScratchPostgres } from '../../src/database/scratch-postgres.js';
import { SmtpSink } from '../support/smtp-sink.js';
import { guard, jsonClient, machine, round, run, scratchDir, stop, writeReport } from './harness.js';
import {
  badgeCodes,
  fairRequests,
  inParallel,
  printEndpointTable,
  setUpEvent,
  sql,
  startApp,
  Timings,
  type Store,
} from './mixed-load.js';

const SECONDS = Number(process.env.PEAK_SECONDS ?? 60);
const ARRIVALS = Number(process.env.PEAK_ARRIVALS ?? 5000);
const GATES = 10;
const BROWSERS = 200;
const BROWSES_EACH = 10;
const LATE_REGISTRATIONS = 1000;
const BASELINE_EACH = 200;

guard((SECONDS * 2 + 1500) * 1000);

interface Outcome {
  label: string;
  instances: number;
  endpoints: ReturnType<Timings['table']>;
  baseline: ReturnType<Timings['table']>;
  checkedIn: number;
  emailsDelivered: number;
  errors: number;
  lateSeconds: number;
}

async function scenario(label: string, store: Store, instances: number, sink: SmtpSink): Promise<Outcome> {
  const { call } = jsonClient(256, 120_000);
  const servers = [];
  for (let i = 0; i < instances; i++) servers.push(await startApp(call, store, sink.url, `${label} ${i + 1}`));
  const ports = servers.map((s) => s.port);
  const at = (i: number) => ports[i % ports.length];
  try {
    const event = await setUpEvent(call, ports[0], {
      slug: 'bench-peak',
      seats: 1_000_000,
      sessions: 30,
      scanners: GATES,
    });
    const setup = new Timings();
    const setupFair = fairRequests(call, event, setup, 'arrival');
    const t0 = performance.now();
    await inParallel(ARRIVALS, 20, (i) => setupFair.register(at(i)));
    if (setup.errors) throw new Error(`${setup.errors} registrations of the set-up failed`);
    // The set-up's own emails are not part of the peak: counted as sent.
    await sleep(1000);
    await sql(
      store,
      `UPDATE outbox_messages SET status = 'sent', "sentAt" = "createdAt" WHERE status = 'pending' AND "leaseUntil" IS NULL`,
    );
    const codes = await badgeCodes(store, event.eventId);
    if (codes.length !== ARRIVALS) throw new Error(`expected ${ARRIVALS} badges, found ${codes.length}`);
    console.log(`${label}: set-up ${round((performance.now() - t0) / 1000)} s (${ARRIVALS} registrations)`);
    await sleep(3000);
    const sentBefore = sink.messages.length;

    // The baseline: each request kind alone, one at a time.
    const baseline = new Timings();
    const quiet = fairRequests(call, event, baseline, 'quiet');
    for (let i = 0; i < BASELINE_EACH; i++) {
      await quiet.agendaPage(at(i));
      await quiet.personalPage(at(i), i);
      await quiet.feed(at(i), i);
      await quiet.eventPage(at(i));
    }
    // Scans of people already in (the answers of a second scan): the arrivals stay for the peak.
    for (let i = 0; i < BASELINE_EACH; i++) await quiet.scan(at(i), codes[i], i, `quiet-first-${i}`);
    for (let i = 0; i < BASELINE_EACH; i++) await quiet.scan(at(i), codes[i], i, `quiet-${i}`);
    for (let i = 0; i < 50; i++) await quiet.register(at(i));

    // The peak, on a fixed schedule.
    const timings = new Timings();
    const fair = fairRequests(call, event, timings, 'late');
    const plan: { at: number; run: (i: number) => Promise<unknown> }[] = [];
    const window = SECONDS * 1000;
    for (let i = BASELINE_EACH; i < ARRIVALS; i++) {
      const gate = i % GATES;
      plan.push({ at: (i / ARRIVALS) * window, run: (k) => fair.scan(at(k), codes[i], gate, `peak-${i}`) });
    }
    for (let b = 0; b < BROWSERS; b++) {
      for (let k = 0; k < BROWSES_EACH; k++) {
        const when = ((k + b / BROWSERS) / BROWSES_EACH) * window;
        const kind = k % 3;
        plan.push({
          at: when,
          run: (x) =>
            kind === 0 ? fair.agendaPage(at(x)) : kind === 1 ? fair.personalPage(at(x), b) : fair.feed(at(x), b),
        });
      }
    }
    for (let r = 0; r < LATE_REGISTRATIONS; r++) {
      plan.push({ at: (r / LATE_REGISTRATIONS) * window, run: (x) => fair.register(at(x)) });
    }
    // Personal pages and feeds of the people registered in the set-up.
    event.tokens.splice(0, event.tokens.length - ARRIVALS);
    plan.sort((a, b) => a.at - b.at);
    const started = performance.now();
    let late = 0;
    const inFlight = new Set<Promise<unknown>>();
    for (const [k, step] of plan.entries()) {
      const wait = started + step.at - performance.now();
      if (wait > 0) await sleep(wait);
      else late = Math.max(late, -wait);
      const p = step.run(k).finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
    await Promise.all(inFlight);
    const peakSeconds = (performance.now() - started) / 1000;

    // Every arrival in once; every late registration's email out.
    const [{ n: checkedIn }] = await sql<{ n: number }>(
      store,
      `SELECT COUNT(*) AS n FROM check_ins WHERE "eventId" = $1 AND result = 'ok'`,
      [event.eventId],
    );
    const expectedMail = LATE_REGISTRATIONS + 50;
    const deadline = Date.now() + 600_000;
    while (sink.messages.length - sentBefore < expectedMail && Date.now() < deadline) await sleep(500);
    const emailsDelivered = sink.messages.length - sentBefore;
    console.log(
      `${label}: ${plan.length} requests in ${round(peakSeconds)} s (schedule slipped at most ${round(late / 1000, 1)} s); ` +
        `${checkedIn} checked in of ${ARRIVALS}; ${emailsDelivered} of ${expectedMail} emails delivered ` +
        `${round((performance.now() - started) / 1000)} s after the peak began`,
    );
    printEndpointTable(timings.table());
    for (const line of timings.unexpected) console.log(`  unexpected: ${line}`);
    console.log(`${label}, baseline (each request alone):`);
    printEndpointTable(baseline.table());
    if (Number(checkedIn) !== ARRIVALS) throw new Error(`${checkedIn} checked in, expected ${ARRIVALS}`);
    return {
      label,
      instances,
      endpoints: timings.table(),
      baseline: baseline.table(),
      checkedIn: Number(checkedIn),
      emailsDelivered,
      errors: timings.errors,
      lateSeconds: late / 1000,
    };
  } finally {
    for (const s of servers) await stop(s.child, 10_000);
  }
}

const sink = await new SmtpSink().start();
await run(
  async () => {
    console.log(
      `Peak: ${ARRIVALS} arrivals over ${GATES} gates, ${BROWSERS} people browsing, ${LATE_REGISTRATIONS} late registrations ` +
        `with their emails, in ${SECONDS} s — ${machine().summary}`,
    );
    const outcomes: Outcome[] = [];
    outcomes.push(await scenario('SQLite, one instance', { dataDir: scratchDir('peak') }, 1, sink));
    const base = process.env.TEST_DATABASE_URL;
    if (base) {
      const scratch = await createScratchPostgres(base, 'duijie_peak');
      try {
        outcomes.push(
          await scenario(
            'PostgreSQL, two instances',
            { dataDir: scratchDir('peak-pg'), databaseUrl: scratch.url },
            2,
            sink,
          ),
        );
      } finally {
        await scratch.drop();
      }
    } else console.log('PostgreSQL: skipped (set TEST_DATABASE_URL)');
    writeReport('peak.json', { machine: machine(), seconds: SECONDS, arrivals: ARRIVALS, outcomes });
  },
  () => void sink.stop(),
);

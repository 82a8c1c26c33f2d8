import { Inject, Injectable, Logger } from '@nestjs/common';
import type { SchedulerRegistry } from '@nestjs/schedule';
import { randomUUID } from 'node:crypto';
import { LessThan, type EntityManager } from 'typeorm';
import { Database } from './database.service.js';
import { JobRun, RAN_BY } from './job-run.entity.js';

export type RunOnceResult<T> = { ran: true; result: T } | { ran: false };

/** Keys of periodic jobs are kept this long (then swept), long enough for any instance's clock to have moved on. */
const KEEP_PERIOD_KEYS_MS = 30 * 24 * 3600_000;

/**
 * "Run once per key across instances": the work runs in one transaction together with the insert of its key into
 * `job_runs` (insert-or-ignore). Whoever inserts the key runs the work; everyone else — another instance at the same
 * moment, or this one later — finds the key taken and skips. On PostgreSQL a second insert of the same key waits for
 * the first transaction: if that commits, the second skips; if it rolls back (the work failed, the process died), the
 * key is free again and the second runs the work. So the work happens exactly once, provided it is all in the
 * transaction: write the outbox message (sent later, at least once, with one Message-ID) rather than sending mail.
 *
 * Uses: the demo data of a first start; `oncePerPeriod` for scheduled jobs (each instance ticks, one runs each
 * period). Reminders follow the same shape with a key per reminder and recipient, e.g.
 * `runOnce.run(`reminder:intent:${id}:due:${dueDay}`, (em) => outbox.enqueue(em, …))`.
 */
@Injectable()
export class RunOnce {
  private readonly logger = new Logger('RunOnce');

  constructor(@Inject(Database) private readonly db: Database) {}

  /** Runs `work` unless `key` already ran (here or on any instance sharing the database). */
  run<T>(key: string, work: (em: EntityManager) => Promise<T>): Promise<RunOnceResult<T>> {
    if (!key || key.length > 200) throw new Error(`RunOnce key must have 1 to 200 characters: ${key}`);
    return this.db.transaction(async (em): Promise<RunOnceResult<T>> => {
      if (!(await this.claim(em, key))) return { ran: false };
      return { ran: true, result: await work(em) };
    });
  }

  /**
   * Runs `work` at most once per period of `periodMs` (counted from the Unix epoch, so every instance computes the
   * same periods): the key is `<name>@<start of the period, ISO>`.
   */
  async runForPeriod<T>(
    name: string,
    periodMs: number,
    work: (em: EntityManager) => Promise<T>,
    now = new Date(),
  ): Promise<RunOnceResult<T>> {
    const start = new Date(Math.floor(now.getTime() / periodMs) * periodMs);
    const outcome = await this.run(`${name}@${start.toISOString()}`, work);
    if (outcome.ran) await this.sweep(name, new Date(now.getTime() - Math.max(KEEP_PERIOD_KEYS_MS, 2 * periodMs)));
    return outcome;
  }

  /** Whether the key has run (and committed). */
  async hasRun(key: string): Promise<boolean> {
    return this.db.manager.existsBy(JobRun, { key });
  }

  /**
   * A scheduled job that runs once per period across instances: every instance checks every `checkMs` (default a
   * tenth of the period, at most a minute) and the first to come in a new period runs it. Registered as an interval
   * of `@nestjs/schedule` named `name`, so it stops with the application. A failed run is logged; the period stays
   * free and the next check tries again.
   */
  oncePerPeriod(
    scheduler: SchedulerRegistry,
    options: { name: string; periodMs: number; checkMs?: number },
    work: (em: EntityManager) => Promise<unknown>,
  ): void {
    const checkMs = options.checkMs ?? Math.min(60_000, Math.max(1000, Math.floor(options.periodMs / 10)));
    let running = false;
    const tick = async () => {
      if (running) return;
      running = true;
      try {
        await this.runForPeriod(options.name, options.periodMs, work);
      } catch (error) {
        this.logger.error(`${options.name} failed: ${String(error)}`);
      } finally {
        running = false;
      }
    };
    const interval = setInterval(() => void tick(), checkMs);
    interval.unref?.();
    scheduler.addInterval(options.name, interval);
    void tick();
  }

  /** Inserts the key unless present; answers whether this transaction's claim is the one stored. */
  private async claim(em: EntityManager, key: string): Promise<boolean> {
    const claim = randomUUID();
    await em
      .createQueryBuilder()
      .insert()
      .into(JobRun)
      .values({ key, claim, ranBy: RAN_BY, ranAt: new Date() })
      .orIgnore()
      .updateEntity(false)
      .execute();
    const stored = await em.findOne(JobRun, { where: { key }, select: { key: true, claim: true } });
    return stored?.claim === claim;
  }

  private async sweep(name: string, before: Date): Promise<void> {
    await this.db
      .transaction((em) =>
        em
          .createQueryBuilder()
          .delete()
          .from(JobRun)
          .where(`key LIKE :prefix ESCAPE '\\'`, { prefix: `${name.replace(/[%_\\]/g, '\\$&')}@%` })
          .andWhere({ ranAt: LessThan(before) })
          .execute(),
      )
      .catch((error: unknown) => this.logger.warn(`sweeping old ${name} keys failed: ${String(error)}`));
  }
}

import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { randomUUID } from 'node:crypto';
import { In, type EntityManager } from 'typeorm';
import { User } from '../accounts/user.entity.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { localDay, localToUtc } from '../common/time.js';
import { Database } from '../database/database.service.js';
import { Person } from '../directory/person.entity.js';
import type { Locale } from '../i18n/i18n.js';
import { OutboxService } from '../mail/outbox.service.js';
import { mondayOf, OPEN_STAGES } from './domain/stages.js';
import { IntentReminder, type ReminderKind } from './intent-reminder.entity.js';
import { IntentSettings } from './intent-settings.service.js';
import { IntentSources } from './intent-sources.service.js';
import { Intent } from './intent.entity.js';
import { IntentsService, PIPELINE_TIMEZONE, type IntentView } from './intents.service.js';

/** Who gets an intent's reminders: its owner's account, or the contact person of the owning organisation. */
interface Recipient {
  key: string;
  email: string;
  name: string;
  locale: Locale;
  /** Organisers get links to the console; a city office's contact gets the facts only. */
  organiser: boolean;
}

export interface ReminderRun {
  followUps: number;
  idle: number;
  digests: number;
}

const DAY_MS = 86_400_000;

/**
 * Reminders to intents' owners, through the mail outbox (zh-CN and en): a follow-up date has arrived, an open intent
 * has been idle longer than the organisers' threshold (IntentSettings), and a weekly digest of the owner's open
 * intents. Runs every morning at 08:00 China time and at start (`@nestjs/schedule`), on every instance.
 *
 * Each reminder fires once however many instances run: it is claimed by inserting a row keyed by kind, target and
 * day (insert-or-ignore on the unique key) in the same transaction that writes the email; the claimer that reads its
 * own claim back sends, the other finds another's and sends nothing. On PostgreSQL a racing insert waits for the
 * first transaction and is then ignored; on SQLite the write queue orders them.
 */
@Injectable()
export class IntentReminders implements OnApplicationBootstrap {
  private readonly logger = new Logger('IntentReminders');
  private running?: Promise<ReminderRun>;

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(OutboxService) private readonly outbox: OutboxService,
    @Inject(IntentsService) private readonly intents: IntentsService,
    @Inject(IntentSettings) private readonly settings: IntentSettings,
    @Inject(IntentSources) private readonly sources: IntentSources,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    void this.tick();
  }

  @Cron('0 0 8 * * *', { name: 'intent-reminders', timeZone: PIPELINE_TIMEZONE })
  async tick(): Promise<void> {
    if (this.running) return;
    this.running = (async () => {
      await this.sources.sweep();
      return this.run(new Date());
    })();
    try {
      await this.running;
    } catch (error) {
      this.logger.warn(`reminders not sent: ${String(error)}`);
    } finally {
      this.running = undefined;
    }
  }

  /** Sends what is due at `now` (tests move the clock by passing it). */
  async run(now: Date): Promise<ReminderRun> {
    const today = localDay(now, PIPELINE_TIMEZONE);
    return {
      followUps: await this.followUps(today, now),
      idle: await this.idle(now),
      digests: await this.digests(today, now),
    };
  }

  /** Open intents whose follow-up date has arrived: one email per intent and date. */
  private async followUps(today: string, now: Date): Promise<number> {
    const due = await this.candidates()
      .andWhere('i.nextFollowUpOn <= :today', { today })
      .andWhere(
        `NOT EXISTS (SELECT 1 FROM intent_reminders r WHERE r.kind = 'follow_up' AND r."targetKey" = 'intent:' || CAST(i.id AS VARCHAR(12)) AND r.day = i."nextFollowUpOn")`,
      )
      .getMany();
    let sent = 0;
    for (const view of await this.intents.views(this.db.manager, due)) {
      const recipient = await this.recipientOf(view.intent);
      if (!recipient) continue;
      const ok = await this.db.transaction(async (em) => {
        if (
          !(await this.claim(
            em,
            'follow_up',
            `intent:${view.intent.id}`,
            view.intent.nextFollowUpOn!,
            view.intent.id,
            now,
          ))
        )
          return false;
        await this.send(em, recipient, 'intent-follow-up', 'intent_follow_up', {
          ...this.intentData(view, recipient),
          overdueDays: Math.round(
            (Date.parse(`${today}T00:00:00Z`) - Date.parse(`${view.intent.nextFollowUpOn}T00:00:00Z`)) / DAY_MS,
          ),
          subjectParams: { title: view.intent.title },
        });
        return true;
      });
      if (ok) sent += 1;
    }
    return sent;
  }

  /** Open intents without activity for longer than the threshold: one email per idle spell. */
  private async idle(now: Date): Promise<number> {
    const { idleDays } = await this.settings.get();
    if (idleDays === 0) return 0;
    const cutoff = new Date(now.getTime() - idleDays * DAY_MS);
    const idle = await this.candidates()
      .andWhere('i.lastActivityAt < :cutoff', { cutoff: this.db.isSqlite ? sqliteTime(cutoff) : cutoff })
      .andWhere(
        `NOT EXISTS (SELECT 1 FROM intent_reminders r WHERE r.kind = 'idle' AND r."targetKey" = 'intent:' || CAST(i.id AS VARCHAR(12)) AND r."sentAt" >= i."lastActivityAt")`,
      )
      .getMany();
    let sent = 0;
    for (const view of await this.intents.views(this.db.manager, idle)) {
      const recipient = await this.recipientOf(view.intent);
      if (!recipient) continue;
      const since = localDay(view.intent.lastActivityAt, PIPELINE_TIMEZONE);
      const ok = await this.db.transaction(async (em) => {
        if (!(await this.claim(em, 'idle', `intent:${view.intent.id}`, since, view.intent.id, now))) return false;
        await this.send(em, recipient, 'intent-idle', 'intent_idle', {
          ...this.intentData(view, recipient),
          idleDays: Math.floor((now.getTime() - view.intent.lastActivityAt.getTime()) / DAY_MS),
          threshold: idleDays,
          since,
          subjectParams: { title: view.intent.title },
        });
        return true;
      });
      if (ok) sent += 1;
    }
    return sent;
  }

  /** Each owner's open intents, once a week (from Monday 08:00 China time). */
  private async digests(today: string, now: Date): Promise<number> {
    const monday = mondayOf(today);
    if (now < localToUtc(`${monday}T08:00`, PIPELINE_TIMEZONE)!) return 0;
    const open = await this.candidates().orderBy('i.nextFollowUpOn', 'ASC').addOrderBy('i.id', 'ASC').getMany();
    const byOwner = new Map<string, Intent[]>();
    for (const intent of open) {
      const key = intent.ownerUserId !== null ? `user:${intent.ownerUserId}` : `person:${intent.ownerPersonId}`;
      byOwner.set(key, [...(byOwner.get(key) ?? []), intent]);
    }
    const done = await this.db.manager.find(IntentReminder, {
      where: { kind: 'digest', day: monday, targetKey: In([...byOwner.keys()]) },
      select: { targetKey: true },
    });
    let sent = 0;
    for (const [key, intents] of byOwner) {
      if (done.some((d) => d.targetKey === key)) continue;
      const recipient = await this.recipientOf(intents[0]);
      if (!recipient) continue;
      const views = await this.intents.views(this.db.manager, intents.slice(0, 100));
      const ok = await this.db.transaction(async (em) => {
        if (!(await this.claim(em, 'digest', key, monday, null, now))) return false;
        await this.send(em, recipient, 'intent-digest', 'intent_digest', {
          recipient,
          week: monday,
          count: intents.length,
          overdue: intents.filter((i) => i.nextFollowUpOn !== null && i.nextFollowUpOn < today).length,
          intents: views.map((view) => ({
            ...this.intentData(view, recipient),
            overdue: view.intent.nextFollowUpOn !== null && view.intent.nextFollowUpOn < today,
          })),
          more: Math.max(0, intents.length - views.length),
          listUrl: recipient.organiser ? `${this.config.appUrl}/console/intents?owner=${key}` : null,
          subjectParams: { n: intents.length, week: monday },
        });
        return true;
      });
      if (ok) sent += 1;
    }
    return sent;
  }

  /**
   * Claims a reminder: insert-or-ignore of (kind, target, day) with a random claim, then read back whose claim the
   * row holds. True only for the transaction whose claim it is.
   */
  async claim(
    em: EntityManager,
    kind: ReminderKind,
    targetKey: string,
    day: string,
    intentId: number | null,
    now: Date,
  ): Promise<boolean> {
    const claim = randomUUID();
    await em
      .createQueryBuilder()
      .insert()
      .into(IntentReminder)
      .values({ kind, targetKey, day, claim, intentId, sentAt: now })
      .orIgnore()
      .updateEntity(false)
      .execute();
    const row = await em.findOne(IntentReminder, {
      where: { kind, targetKey, day },
      select: { id: true, claim: true },
    });
    return row?.claim === claim;
  }

  /** Open intents that have an owner who can be written to. */
  private candidates() {
    return this.db.manager
      .createQueryBuilder(Intent, 'i')
      .where('i.stage IN (:...open)', { open: OPEN_STAGES })
      .andWhere('(i.ownerUserId IS NOT NULL OR i.ownerPersonId IS NOT NULL)');
  }

  private async recipientOf(intent: Intent): Promise<Recipient | null> {
    const em = this.db.manager;
    if (intent.ownerUserId !== null) {
      const user = await em.findOneBy(User, { id: intent.ownerUserId });
      if (!user || user.disabledAt) return null;
      return {
        key: `user:${user.id}`,
        email: user.email,
        name: user.name,
        locale: user.locale === 'en' ? 'en' : 'zh-CN',
        organiser: true,
      };
    }
    if (intent.ownerPersonId !== null) {
      const person = await em.findOneBy(Person, { id: intent.ownerPersonId });
      if (!person?.email) return null;
      return { key: `person:${person.id}`, email: person.email, name: person.name, locale: 'zh-CN', organiser: false };
    }
    return null;
  }

  private intentData(view: IntentView, recipient: Recipient) {
    const { intent } = view;
    return {
      recipient,
      intent: {
        id: intent.id,
        title: intent.title,
        stage: intent.stage,
        nextFollowUpOn: intent.nextFollowUpOn,
        valueWan: intent.valueWan,
        parties: view.parties.map((p) => p.organisation.name).join('、'),
        event: view.event ? { title: view.event.title, titleEn: view.event.titleEn } : null,
        url: recipient.organiser ? `${this.config.appUrl}/console/intents/${intent.id}` : null,
      },
    };
  }

  private async send(
    em: EntityManager,
    recipient: Recipient,
    template: string,
    kind: string,
    data: Record<string, unknown>,
  ): Promise<void> {
    await this.outbox.enqueue(em, {
      kind,
      to: recipient.email,
      toName: recipient.name,
      locale: recipient.locale,
      template,
      data,
    });
  }
}

function sqliteTime(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

import { Inject, Injectable } from '@nestjs/common';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EntityManager } from 'typeorm';
import { PROJECT_ROOT } from '../common/paths.js';
import { localDay } from '../common/time.js';
import { Event } from '../events/event.entity.js';
import type { IntentStage } from './domain/stages.js';
import type { DropReason, IntentKind } from './intent.entity.js';
import { IntentsService, PIPELINE_TIMEZONE, type Actor } from './intents.service.js';

interface DemoContact {
  name: string;
  email?: string;
  phone?: string;
}

interface DemoIntents {
  event: string;
  /** The owners: the cities' offices with a contact person each, by a short key (成都, 德阳, …). */
  owners: Record<string, { organisation: string; contact: DemoContact }>;
  intents: {
    title: string;
    kind: IntentKind;
    category?: string;
    city?: string;
    valueWan?: number;
    subject?: string;
    parties: { organisation: string; contact?: DemoContact }[];
    owner?: string;
    /** Days after the event's end: the next follow-up date. */
    followUpInDays?: number;
    /** Later stages, each some days after the event's end. */
    history?: {
      stage: IntentStage;
      afterDays: number;
      note: string;
      landedPlace?: string;
      droppedReason?: DropReason;
    }[];
    followUps?: { afterDays: number; note: string }[];
  }[];
}

const DIR = join(PROJECT_ROOT, 'data', 'demo', 'intents');
const DEMO: Actor = { key: 'system:demo', name: '演示数据 Demo' };
const DAY_MS = 86_400_000;

/**
 * The demo's cooperation intents (data/demo/intents/<event key>.json): what the free negotiation of an event
 * produced, with owners from the cities' offices, follow-up notes, and some moved on to negotiating, signed and landed
 * (or dropped). Times count from the end of the event (moved like the event), so the history, the medians and the
 * follow-up dates keep their spacing.
 */
@Injectable()
export class IntentsDemo {
  constructor(@Inject(IntentsService) private readonly intents: IntentsService) {}

  async loadIn(em: EntityManager, eventKey: string, eventId: number): Promise<number> {
    const file = join(DIR, `${eventKey}.json`);
    if (!existsSync(file)) return 0;
    const demo = JSON.parse(readFileSync(file, 'utf8')) as DemoIntents;
    const event = await em.findOneByOrFail(Event, { id: eventId });
    const base = event.endsAt.getTime();
    const at = (days: number) => new Date(base + days * DAY_MS);
    const day = (days: number) => localDay(at(days), PIPELINE_TIMEZONE);
    for (const item of demo.intents) {
      const owner = item.owner ? demo.owners[item.owner] : undefined;
      if (item.owner && !owner) throw new Error(`Demo intents ${eventKey}: unknown owner ${item.owner}`);
      let intent = await this.intents.createIn(
        em,
        {
          title: item.title,
          kind: item.kind,
          subjectKind: 'free_text',
          subjectText: item.subject ?? null,
          valueWan: item.valueWan ?? null,
          eventId,
          category: item.category ?? null,
          city: item.city ?? null,
          parties: item.parties.map((p) => ({
            organisation: p.organisation,
            ...(p.contact
              ? { contactName: p.contact.name, contactEmail: p.contact.email, contactPhone: p.contact.phone }
              : {}),
          })),
          owner: owner
            ? {
                organisation: owner.organisation,
                contactName: owner.contact.name,
                contactEmail: owner.contact.email,
                contactPhone: owner.contact.phone,
              }
            : null,
          nextFollowUpOn: item.followUpInDays !== undefined ? day(item.followUpInDays) : null,
          note: '自由洽谈中达成初步合作意向（演示数据）',
          source: { kind: 'demo', id: null },
        },
        DEMO,
        at(0),
      );
      const steps = [
        ...(item.history ?? []).map((h) => ({ ...h, kind: 'stage' as const })),
        ...(item.followUps ?? []).map((f) => ({ ...f, kind: 'followUp' as const })),
      ].sort((a, b) => a.afterDays - b.afterDays);
      for (const step of steps) {
        if (step.kind === 'followUp') {
          await this.intents.addFollowUpIn(
            em,
            intent,
            { happenedOn: day(step.afterDays), note: step.note },
            undefined,
            DEMO,
            at(step.afterDays),
          );
          continue;
        }
        intent = await this.intents.changeStageIn(
          em,
          intent,
          {
            stage: step.stage,
            note: step.note,
            ...(step.stage === 'landed' ? { landedPlace: step.landedPlace, landedOn: day(step.afterDays) } : {}),
            ...(step.stage === 'dropped' ? { droppedReason: step.droppedReason, droppedNote: step.note } : {}),
          },
          DEMO,
          at(step.afterDays),
        );
      }
    }
    return demo.intents.length;
  }
}

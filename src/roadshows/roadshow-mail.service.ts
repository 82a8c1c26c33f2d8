import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Session } from '../agenda/session.entity.js';
import type { Person } from '../directory/person.entity.js';
import type { Event } from '../events/event.entity.js';
import { shortTitleOf } from '../i18n/event-title.js';
import { OutboxService } from '../mail/outbox.service.js';
import type { Registration } from '../registration/registration.entity.js';
import type { LeadKind } from './roadshow-lead.entity.js';
import { RoadshowLinks } from './roadshow-links.service.js';
import type { RoadshowProject } from './roadshow-project.entity.js';

/** A lead as the presenter's email lists it. */
export interface MailedLead {
  kind: LeadKind;
  name: string;
  organisation: string;
  title: string | null;
  email: string;
  message: string | null;
  at: Date;
}

/**
 * The roadshow's emails to a presenter, written to the outbox in the caller's transaction: a meeting request from the
 * audience as it comes, and the leads once the session is over. Bilingual; presenters have no language setting, so
 * Chinese comes first.
 */
@Injectable()
export class RoadshowMail {
  constructor(
    @Inject(OutboxService) private readonly outbox: OutboxService,
    @Inject(RoadshowLinks) private readonly links: RoadshowLinks,
  ) {}

  async meetingRequested(
    em: EntityManager,
    context: { event: Event; session: Session; project: RoadshowProject; presenter: Person & { email: string } },
    attendee: Registration,
    message: string | null,
  ): Promise<void> {
    await this.outbox.enqueue(em, {
      kind: 'roadshow_meeting_request',
      to: context.presenter.email,
      toName: context.presenter.name,
      locale: 'zh-CN',
      template: 'roadshow-meeting-request',
      eventId: context.event.id,
      data: {
        ...(await this.common(context)),
        attendee: {
          name: attendee.name,
          organisation: attendee.organisationName,
          title: attendee.title,
          email: attendee.email,
        },
        message,
        subjectParams: { name: attendee.name, project: context.project.name },
      },
    });
  }

  async leads(
    em: EntityManager,
    context: { event: Event; session: Session; project: RoadshowProject; presenter: Person & { email: string } },
    leads: MailedLead[],
    counts: Record<LeadKind, number>,
  ): Promise<void> {
    await this.outbox.enqueue(em, {
      kind: 'roadshow_leads',
      to: context.presenter.email,
      toName: context.presenter.name,
      locale: 'zh-CN',
      template: 'roadshow-leads',
      eventId: context.event.id,
      data: {
        ...(await this.common(context)),
        leads,
        counts,
        none: leads.length === 0,
        subjectParams: { project: context.project.name, n: leads.length },
      },
    });
  }

  private async common(context: { event: Event; session: Session; project: RoadshowProject; presenter: Person }) {
    return {
      event: context.event,
      eventShort: shortTitleOf(context.event, 'zh-CN'),
      eventShortEn: shortTitleOf(context.event, 'en'),
      timezone: context.event.timezone,
      session: context.session,
      project: context.project,
      recipient: context.presenter,
      presenterUrl: await this.links.presenterUrl(context.project),
    };
  }
}

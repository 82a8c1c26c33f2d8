import { Inject, Injectable } from '@nestjs/common';
import type { Event } from '../../events/event.entity.js';
import { EventsService } from '../../events/events.service.js';
import type { Locale } from '../../i18n/i18n.js';
import { Views } from '../../web/views.service.js';
import { ScreenLinks } from '../screen-links.service.js';
import { SigningsReader } from '../signings-reader.service.js';
import { SigningsError } from '../signings.errors.js';
import { screenState, type ScreenState } from './screen-state.js';

/** What the hall screen shows for a screen link; a wrong or revoked link is a 404. */
@Injectable()
export class StageScreens {
  constructor(
    @Inject(ScreenLinks) private readonly links: ScreenLinks,
    @Inject(SigningsReader) private readonly reader: SigningsReader,
    @Inject(EventsService) private readonly events: EventsService,
    @Inject(Views) private readonly views: Views,
  ) {}

  async state(token: string, locale: Locale): Promise<{ state: ScreenState; event: Event }> {
    const parsed = this.links.parse(token);
    const view = parsed ? await this.reader.byId(parsed.id) : null;
    if (!parsed || !view || !(await this.links.verify(view.ceremony, parsed.signature)))
      throw new SigningsError('screen_link_invalid');
    const event = await this.events.get(view.ceremony.eventId);
    const en = locale === 'en';
    const state = screenState(view, this.reader.totals([view]), {
      event: (en ? (event.shortTitleEn ?? event.titleEn) : null) ?? event.shortTitle ?? event.title,
      locale,
      en,
      t: (key, params) => this.views.t(locale, key, params),
    });
    return { state, event };
  }
}

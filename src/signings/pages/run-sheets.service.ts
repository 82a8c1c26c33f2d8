import { Inject, Injectable } from '@nestjs/common';
import type { Event } from '../../events/event.entity.js';
import { EventsService } from '../../events/events.service.js';
import type { Locale } from '../../i18n/i18n.js';
import { Views } from '../../web/views.service.js';
import { SigningsReader, type CeremonyView } from '../signings-reader.service.js';
import { runSheetDocx } from './run-sheet-docx.js';
import { runSheetModel, type RunSheetModel } from './run-sheet-model.js';

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The run sheet of one ceremony in the reader's language: for the printed page and as a .docx download. */
@Injectable()
export class RunSheets {
  constructor(
    @Inject(SigningsReader) private readonly reader: SigningsReader,
    @Inject(EventsService) private readonly events: EventsService,
    @Inject(Views) private readonly views: Views,
  ) {}

  async model(
    eventId: number,
    ceremonyId: number,
    locale: Locale,
  ): Promise<{ event: Event; view: CeremonyView; model: RunSheetModel }> {
    const event = await this.events.get(eventId);
    const view = await this.reader.one(eventId, ceremonyId);
    const en = locale === 'en';
    const loc = (zh: string, english: string | null) => (en && english ? english : zh);
    const place = view.place
      ? `${loc(view.place.venue.name, view.place.venue.nameEn)} · ${loc(view.place.room.name, view.place.room.nameEn)}`
      : null;
    const model = runSheetModel(
      this.reader.runSheet(view),
      {
        event: loc(event.title, event.titleEn),
        ceremony: loc(view.session.title, view.session.titleEn),
        place,
        startsAt: view.session.startsAt,
        endsAt: view.session.endsAt,
      },
      { t: (key, params) => this.views.t(locale, key, params), timezone: event.timezone, locale },
    );
    return { event, view, model };
  }

  async docx(eventId: number, ceremonyId: number, locale: Locale): Promise<{ filename: string; body: Buffer }> {
    const { view, model } = await this.model(eventId, ceremonyId, locale);
    return { filename: `${view.session.title}-流程单.docx`, body: await runSheetDocx(model) };
  }
}

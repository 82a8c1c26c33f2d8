import { Body, Controller, Get, Param, Post, Query, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AgendaNotifier } from '../agenda-notifier.service.js';
import { AgendaError } from '../agenda.errors.js';
import { AgendaService, type SaveResult, type SessionView } from '../agenda.service.js';
import type { Conflict } from '../domain/conflicts.js';
import { AcceptWarningDto, CreateSessionDto, ReorderDto, UpdateSessionDto } from '../dto/session.dto.js';
import { SESSION_ROLES } from '../session-person.entity.js';
import { SESSION_KINDS } from '../session.entity.js';
import { CurrentPrincipal, Roles } from '../../common/auth.decorators.js';
import { DomainError, type FieldProblem } from '../../common/domain-error.js';
import { idOrRaw, parseId, ParseIdPipe } from '../../common/id.js';
import { localDay, localToUtc } from '../../common/time.js';
import type { Event } from '../../events/event.entity.js';
import { EventsService } from '../../events/events.service.js';
import { cleanFormBody, handleForm, submitForm } from '../../web/forms.js';
import { redirect, type Html, type Redirect } from '../../web/html.js';
import type { Principal } from '../../common/request-context.js';
import { Views } from '../../web/views.service.js';
import { agendaDays, agendaGrid, roomsInGridOrder } from './agenda-grid.js';
import { agendaBase, problemText, titleIn, versionRows, type EventRoom } from './agenda-view.js';
import { conflictList, roomTakenText, savedFlash, type ExplainContext, type Speaker } from './conflict-text.js';
import {
  dayOf,
  newSessionValues,
  personProblem,
  readMoveForm,
  readSessionForm,
  sessionFormView,
  type FormState,
} from './session-form.js';

interface PageState {
  day?: string;
  form?: FormState;
  status?: number;
}

/**
 * The organiser's programme editor: the draft as a day-by-room grid with its conflicts explained, sessions created,
 * edited, moved, reordered, cancelled and restored in place, and publications with the people they will tell.
 * Every rule lives in AgendaService and AgendaNotifier; the grid, the session form and the conflict sentences are
 * pure pieces beside this file (agenda-grid.ts, session-form.ts, conflict-text.ts); this class wires them up.
 */
@ApiExcludeController()
@Controller('console/events/:id/agenda')
export class ConsoleAgendaController {
  constructor(
    private readonly views: Views,
    private readonly events: EventsService,
    private readonly agenda: AgendaService,
    private readonly notifier: AgendaNotifier,
  ) {}

  @Get()
  @Roles('organiser')
  async editor(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Query() rawQuery: Record<string, unknown>,
  ): Promise<Html> {
    const query = cleanFormBody(rawQuery);
    const edit = parseId(query.edit);
    let form: FormState | undefined;
    if (edit !== undefined) form = { mode: 'edit', sessionId: edit, errors: [] };
    else if (query.new !== undefined) form = { mode: 'new', errors: [], values: newSessionValues(query) };
    return this.page(request, id, { day: dayOf(query.day), form });
  }

  @Post('sessions')
  @Roles('organiser')
  async create(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Body() body: unknown,
  ): Promise<Html | Redirect> {
    return this.saveSession(request, id, body, undefined);
  }

  @Post('sessions/:sessionId')
  @Roles('organiser')
  async update(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Param('sessionId', ParseIdPipe) sessionId: number,
    @Body() body: unknown,
  ): Promise<Html | Redirect> {
    return this.saveSession(request, id, body, sessionId);
  }

  /** Moves a session to another day, start or room; it keeps its length. */
  @Post('sessions/:sessionId/move')
  @Roles('organiser')
  async move(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Param('sessionId', ParseIdPipe) sessionId: number,
    @Body() body: unknown,
  ): Promise<Redirect> {
    const event = await this.events.get(id);
    const session = await this.session(id, sessionId);
    const back = `${this.base(id)}?edit=${sessionId}#session-form`;
    const dto = readMoveForm(cleanFormBody(body), session, event.timezone);
    if (!dto) return redirect(back, { kind: 'error', key: 'consoleAgenda.flash.moveNeedsTime' });
    const notMoved = (reason: string) =>
      redirect(back, { kind: 'error', key: 'consoleAgenda.flash.notMoved', params: { reason } });
    return submitForm(UpdateSessionDto, dto, {
      onValid: async (valid) => {
        const saved = await this.tryRoom(request, event, sessionId, valid.roomId, () =>
          this.agenda.update(id, sessionId, valid),
        );
        if ('problem' in saved) return notMoved(saved.problem.reason);
        return this.saved(request, event, saved.result, 'moved');
      },
      onInvalid: (problems) =>
        notMoved(problems.map((p) => problemText(this.views.translator, request.locale, p)).join('; ')),
    });
  }

  @Post('sessions/:sessionId/cancel')
  @Roles('organiser')
  async cancel(
    @Param('id', ParseIdPipe) id: number,
    @Param('sessionId', ParseIdPipe) sessionId: number,
    @Req() request: FastifyRequest,
  ): Promise<Redirect> {
    const event = await this.events.get(id);
    const session = await this.agenda.cancel(id, sessionId);
    return redirect(`${this.dayUrl(event, session.startsAt)}#s-${sessionId}`, {
      kind: 'success',
      key: 'consoleAgenda.flash.cancelled',
      params: { title: titleIn(request.locale, session) },
    });
  }

  @Post('sessions/:sessionId/restore')
  @Roles('organiser')
  async restore(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Param('sessionId', ParseIdPipe) sessionId: number,
  ): Promise<Redirect> {
    const event = await this.events.get(id);
    const session = await this.session(id, sessionId);
    const saved = await this.tryRoom(request, event, sessionId, session.roomId, () =>
      this.agenda.restore(id, sessionId),
    );
    if ('problem' in saved) {
      return redirect(`${this.dayUrl(event, session.startsAt)}#s-${sessionId}`, {
        kind: 'error',
        key: 'consoleAgenda.flash.notRestored',
        params: { reason: saved.problem.reason },
      });
    }
    return this.saved(request, event, saved.result, 'restored');
  }

  @Post('sessions/:sessionId/delete')
  @Roles('organiser')
  async remove(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Param('sessionId', ParseIdPipe) sessionId: number,
  ): Promise<Redirect> {
    const event = await this.events.get(id);
    const session = await this.session(id, sessionId);
    const title = titleIn(request.locale, session);
    try {
      await this.agenda.remove(id, sessionId);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'already_published') {
        return redirect(`${this.base(id)}?edit=${sessionId}#session-form`, {
          kind: 'error',
          key: 'consoleAgenda.flash.cannotDelete',
          params: { title },
        });
      }
      throw error;
    }
    return redirect(this.dayUrl(event, session.startsAt), {
      kind: 'success',
      key: 'consoleAgenda.flash.deleted',
      params: { title },
    });
  }

  @Post('sessions/:sessionId/accept')
  @Roles('organiser')
  async accept(
    @Param('id', ParseIdPipe) id: number,
    @Param('sessionId', ParseIdPipe) sessionId: number,
    @Body() body: unknown,
  ): Promise<Redirect> {
    const values = cleanFormBody(body);
    const day = dayOf(values.day);
    const back = `${this.base(id)}${day ? `?day=${day}` : ''}#conflicts`;
    return submitForm(
      AcceptWarningDto,
      { key: values.key },
      {
        onValid: async (dto) => {
          try {
            await this.agenda.acceptWarning(id, sessionId, dto.key);
          } catch (error) {
            if (!(error instanceof AgendaError && error.code === 'warning_not_of_session')) throw error;
            return redirect(back, { kind: 'error', key: 'consoleAgenda.flash.noSuchWarning' });
          }
          return redirect(back, { kind: 'success', key: 'consoleAgenda.flash.accepted' });
        },
        onInvalid: () => redirect(back, { kind: 'error', key: 'consoleAgenda.flash.noSuchWarning' }),
      },
    );
  }

  /** Puts the sessions of one block (one room, back to back) in the order the up/down button sends. */
  @Post('reorder')
  @Roles('organiser')
  async reorder(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Body() body: unknown,
  ): Promise<Redirect> {
    const values = cleanFormBody(body);
    const raw = values.sessionIds;
    const ids = (Array.isArray(raw) ? raw : [raw]).map((v) => idOrRaw(v));
    const focus = parseId(values.focus);
    const day = dayOf(values.day);
    const back = `${this.base(id)}${day ? `?day=${day}` : ''}${typeof focus === 'number' ? `#s-${focus}` : ''}`;
    return submitForm(
      ReorderDto,
      { sessionIds: ids },
      {
        onValid: async (dto) => {
          try {
            await this.agenda.reorder(id, dto.sessionIds);
          } catch (error) {
            if (
              error instanceof DomainError &&
              ['not_one_block', 'session_not_found', 'room_conflict'].includes(error.code)
            )
              return redirect(back, { kind: 'error', key: 'consoleAgenda.flash.notReordered' });
            throw error;
          }
          return redirect(back, { kind: 'success', key: 'consoleAgenda.flash.reordered' });
        },
        onInvalid: () => redirect(back, { kind: 'error', key: 'consoleAgenda.flash.notReordered' }),
      },
    );
  }

  @Post('publish')
  @Roles('organiser')
  async publish(
    @Param('id', ParseIdPipe) id: number,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Redirect> {
    await this.events.get(id);
    const notify = cleanFormBody(body).notify === 'true';
    let version: number;
    let count: number | null;
    try {
      const published = await this.notifier.publish(id, principal.userId, { notify });
      version = published.version.version;
      count = published.notified;
    } catch (error) {
      if (error instanceof DomainError && error.code === 'nothing_to_publish')
        return redirect(`${this.base(id)}#publish`, { kind: 'info', key: 'consoleAgenda.flash.nothingToPublish' });
      throw error;
    }
    const url = `${this.base(id)}/versions/${version}`;
    if (count !== null) {
      return redirect(url, {
        kind: 'success',
        key: 'consoleAgenda.flash.publishedNotified',
        params: { n: version, count },
      });
    }
    return redirect(`${url}#recipients`, {
      kind: 'success',
      key: 'consoleAgenda.flash.published',
      params: { n: version },
    });
  }

  @Get('versions/:version')
  @Roles('organiser')
  async version(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Param('version', ParseIdPipe) versionNumber: number,
  ): Promise<Html> {
    const event = await this.events.get(id);
    const version = await this.agenda.version(id, versionNumber);
    const recipients = await this.notifier.recipients(id, versionNumber);
    return this.views.page(
      request,
      'console/agenda-version',
      {
        event,
        timezone: event.timezone,
        version,
        recipients,
        notifiable: version.changes.some((c) => c.type !== 'new'),
        changelogUrl:
          event.status === 'draft' ? undefined : `/events/${event.slug}/agenda/changes#v-${version.version}`,
      },
      { title: this.views.t(request.locale, 'agenda.version', { n: version.version }), area: 'console' },
    );
  }

  @Post('versions/:version/notify')
  @Roles('organiser')
  async notify(
    @Param('id', ParseIdPipe) id: number,
    @Param('version', ParseIdPipe) version: number,
  ): Promise<Redirect> {
    const url = `${this.base(id)}/versions/${version}`;
    try {
      const count = await this.notifier.notify(id, version);
      return redirect(url, { kind: 'success', key: 'consoleAgenda.flash.notified', params: { count } });
    } catch (error) {
      if (error instanceof DomainError && error.code === 'already_notified')
        return redirect(url, { kind: 'info', key: 'consoleAgenda.flash.alreadyNotified', params: { n: version } });
      throw error;
    }
  }

  // ---- helpers

  private base(id: number): string {
    return agendaBase(id);
  }

  private dayUrl(event: Event, at: Date): string {
    return `${this.base(event.id)}?day=${localDay(at, event.timezone)}`;
  }

  private async session(eventId: number, sessionId: number): Promise<SessionView> {
    const found = (await this.agenda.sessions(eventId, { includeCancelled: true })).find((s) => s.id === sessionId);
    if (!found) throw new AgendaError('session_not_found', { id: sessionId });
    return found;
  }

  /**
   * The session form's post, new (no sessionId) or edit: saved, then back to the grid; else the editor again with
   * what was typed, the problems at their fields (person problems at the row they were typed in).
   */
  private async saveSession(
    request: FastifyRequest,
    id: number,
    body: unknown,
    sessionId: number | undefined,
  ): Promise<Html | Redirect> {
    const event = await this.events.get(id);
    const values = cleanFormBody(body);
    const reading = readSessionForm(values, event.timezone, sessionId === undefined ? 'create' : 'update');
    const again = (problems: FieldProblem[], status = 400) => {
      const errors = problems.map((p) => personProblem(p, reading.rowOf));
      const form: FormState =
        sessionId === undefined ? { mode: 'new', values, errors } : { mode: 'edit', sessionId, values, errors };
      return this.page(request, id, { day: values.day as string | undefined, form, status });
    };
    return handleForm({
      dto: sessionId === undefined ? CreateSessionDto : UpdateSessionDto,
      body: values,
      read: () => reading,
      run: (valid) =>
        this.tryRoom(request, event, sessionId, valid.roomId, () =>
          // A new session's values were validated with CreateSessionDto (the dto chosen above).
          sessionId === undefined
            ? this.agenda.create(id, valid as CreateSessionDto)
            : this.agenda.update(id, sessionId, valid),
        ),
      onSuccess: (saved): Promise<Html | Redirect> =>
        'problem' in saved
          ? again([saved.problem], 409)
          : this.saved(request, event, saved.result, sessionId === undefined ? 'created' : 'saved'),
      rerender: (problems) => again(problems),
    });
  }

  /**
   * Runs a save; a room used twice at once comes back as a problem on the room field that names the other
   * sessions in the reader's language (the service's own message is English).
   */
  private async tryRoom(
    request: FastifyRequest,
    event: Event,
    sessionId: number | undefined,
    roomId: number | null | undefined,
    save: () => Promise<SaveResult>,
  ): Promise<{ result: SaveResult } | { problem: FieldProblem }> {
    try {
      return { result: await save() };
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'room_conflict') throw error;
      const [sessions, rooms] = await Promise.all([this.agenda.sessions(event.id), this.rooms(event)]);
      const conflicts = (error.details.conflicts as Conflict[] | undefined) ?? [];
      const reason = roomTakenText(
        { translator: this.views.translator, locale: request.locale },
        { sessionId, roomId, conflicts, sessions, rooms },
      );
      return { problem: { field: 'roomId', reason } };
    }
  }

  /** After a save: back to the session on its day, with its warnings explained in the flash. */
  private async saved(
    request: FastifyRequest,
    event: Event,
    { session, warnings }: SaveResult,
    what: 'created' | 'saved' | 'moved' | 'restored',
  ): Promise<Redirect> {
    // The sessions and rooms are read only when there are warnings to explain.
    const context: ExplainContext =
      warnings.length > 0 ? await this.context(event) : { sessions: new Map(), rooms: new Map() };
    const flash = savedFlash(this.speaker(request, event), { session, warnings, what }, context);
    return redirect(`${this.dayUrl(event, session.startsAt)}#s-${session.id}`, flash);
  }

  private speaker(request: FastifyRequest, event: Event): Speaker {
    return { translator: this.views.translator, locale: request.locale, event };
  }

  /** Rooms in grid order: the main venue first, then the sub-venues. */
  private async rooms(event: Event): Promise<EventRoom[]> {
    return roomsInGridOrder((await this.events.details(event)).venues);
  }

  private async context(event: Event): Promise<ExplainContext> {
    const [sessions, rooms] = await Promise.all([
      this.agenda.sessions(event.id, { includeCancelled: true }),
      this.rooms(event),
    ]);
    return { sessions: new Map(sessions.map((s) => [s.id, s])), rooms: new Map(rooms.map((r) => [r.roomId, r])) };
  }

  // ---- the page

  private async page(request: FastifyRequest, id: number, state: PageState): Promise<Html> {
    const locale = request.locale;
    const translator = this.views.translator;
    const event = await this.events.get(id);
    const tz = event.timezone;
    const base = this.base(id);
    const [all, rooms, conflicts, pending, versions] = await Promise.all([
      this.agenda.sessions(id, { includeCancelled: true }),
      this.rooms(event),
      this.agenda.conflicts(id),
      this.agenda.pendingChanges(id),
      this.agenda.versions(id),
    ]);
    const byId = new Map(all.map((s) => [s.id, s]));

    // Which session the form edits (an unknown id simply opens no form).
    let form = state.form;
    const editing = form?.mode === 'edit' ? byId.get(form.sessionId) : undefined;
    if (form?.mode === 'edit' && !editing) form = undefined;

    const wanted = state.day ?? (editing ? localDay(editing.startsAt, tz) : undefined);
    const { day, tabs } = agendaDays({ event, sessions: all, wanted, now: new Date(), base });
    const { publishedIds, ...published } = versionRows(versions, base);
    const openConflicts = conflicts.filter((c) => !c.accepted);
    const context: ExplainContext = { sessions: byId, rooms: new Map(rooms.map((r) => [r.roomId, r])) };

    return this.views.page(
      request,
      'console/agenda',
      {
        event,
        timezone: tz,
        base,
        publicAgenda: event.status === 'draft' ? undefined : `/events/${event.slug}/agenda`,
        publicChangelog: event.status === 'draft' ? undefined : `/events/${event.slug}/agenda/changes`,
        days: tabs,
        day,
        dayDate: localToUtc(`${day}T12:00`, tz),
        grid: agendaGrid({
          translator,
          locale,
          timezone: tz,
          base,
          day,
          sessions: all,
          rooms,
          conflicts,
          editingId: editing?.id,
        }),
        conflicts: {
          ...conflictList(this.speaker(request, event), conflicts, context, base),
          errors: openConflicts.filter((c) => c.severity === 'error').length,
          total: openConflicts.length,
        },
        pending,
        ...published,
        form: form
          ? sessionFormView({
              translator,
              locale,
              timezone: tz,
              base,
              form,
              editing,
              rooms,
              day,
              publishedIds,
              kinds: SESSION_KINDS,
              roles: SESSION_ROLES,
            })
          : undefined,
      },
      { title: 'consoleAgenda.title', area: 'console', status: state.status ?? 200 },
    );
  }
}

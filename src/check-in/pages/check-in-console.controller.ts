import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { Session } from '../../agenda/session.entity.js';
import { Roles } from '../../common/auth.decorators.js';
import { CommonError, type FieldProblem } from '../../common/domain-error.js';
import { idOrRaw, ParseIdPipe } from '../../common/id.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { Database } from '../../database/database.service.js';
import type { Event } from '../../events/event.entity.js';
import { EventsService } from '../../events/events.service.js';
import { ExhibitionZone } from '../../events/exhibition-zone.entity.js';
import { Venue } from '../../events/venue.entity.js';
import { AttendeeCategory } from '../../registration/attendee-category.entity.js';
import { cleanFormBody, handleForm } from '../../web/forms.js';
import { redirect, type Html, type Redirect } from '../../web/html.js';
import { Views } from '../../web/views.service.js';
import { arrivalsChartSvg } from '../arrivals-chart.js';
import { ArrivalsService } from '../arrivals.service.js';
import { BADGE_LAYOUTS, type BadgeLayout } from '../badge-print.entity.js';
import { BadgeSheetService, PER_PAGE, type BadgeFilter } from '../badge-sheet.service.js';
import { CHECK_IN_LIST_KINDS, type CheckInList } from '../check-in-list.entity.js';
import { CheckInListsService } from '../check-in-lists.service.js';
import { DevicesService } from '../devices.service.js';
import { CheckInListDto, CreateDeviceDto, EntranceListDto } from '../dto/check-in.dto.js';

export const CHECK_IN_CSS = '/assets/checkin/checkin.css';

/** A list form: ticked categories arrive as one value or several; empty place selects mean none. */
function listFormToDto(values: Record<string, unknown>): Record<string, unknown> {
  const categories = values.categories;
  // An empty select means none; anything else must be an id (the DTO refuses what is not, naming the field).
  const id = (v: unknown) => (v === undefined ? null : idOrRaw(v));
  return {
    name: values.name,
    nameEn: values.nameEn ?? null,
    kind: values.kind,
    categories: Array.isArray(categories) ? categories : typeof categories === 'string' ? [categories] : [],
    allowReentry: values.allowReentry === 'true',
    sessionId: id(values.sessionId),
    venueId: id(values.venueId),
    zoneId: id(values.zoneId),
  };
}

function filterFrom(query: Record<string, unknown>): BadgeFilter & { layout: BadgeLayout } {
  const text = (v: unknown, max: number) => (typeof v === 'string' && v.trim() ? v.trim().slice(0, max) : undefined);
  const registration = text(query.registration, 10);
  return {
    layout: BADGE_LAYOUTS.includes(query.layout as BadgeLayout) ? (query.layout as BadgeLayout) : 'a6',
    category: text(query.category, 40),
    q: text(query.q, 100),
    registrationId: registration && /^\d+$/.test(registration) ? Number(registration) : undefined,
  };
}

/**
 * The organiser's check-in pages for one event: live arrivals, check-in lists, paired devices with their pairing QR
 * codes, and the printable badge sheet with its print log.
 */
@ApiExcludeController()
@Controller('console/events/:id')
export class CheckInConsoleController {
  constructor(
    @Inject(Views) private readonly views: Views,
    @Inject(EventsService) private readonly events: EventsService,
    @Inject(Database) private readonly db: Database,
    @Inject(CheckInListsService) private readonly lists: CheckInListsService,
    @Inject(DevicesService) private readonly devices: DevicesService,
    @Inject(ArrivalsService) private readonly arrivalsService: ArrivalsService,
    @Inject(BadgeSheetService) private readonly sheets: BadgeSheetService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // ---- live arrivals

  @Get('check-in')
  @Roles('organiser')
  async dashboard(@Req() request: FastifyRequest, @Param('id', ParseIdPipe) id: number): Promise<Html> {
    const event = await this.events.get(id);
    const arrivals = await this.arrivalsService.arrivals(id);
    const categoryOf = new Map(arrivals.categories.map((c) => [c.id, c]));
    const listName = new Map(arrivals.lists.map((l) => [l.list.id, l.list]));
    const withList = <T extends { listId: number }>(rows: T[]) =>
      rows.map((r) => ({ ...r, list: listName.get(r.listId) }));
    return this.views.page(
      request,
      'console/check-in-dashboard',
      {
        event,
        timezone: event.timezone,
        tab: 'arrivals',
        pageCss: CHECK_IN_CSS,
        arrivals,
        chart: arrivalsChartSvg(arrivals.buckets, {
          timeZone: event.timezone,
          label: this.views.t(request.locale, 'checkin.dashboard.chartLabel'),
        }),
        noShows: arrivals.noShows.rows.map((r) => ({ ...r, category: categoryOf.get(r.categoryId) })),
        moreNoShows: arrivals.noShows.total - arrivals.noShows.rows.length,
        flagged: withList(arrivals.flagged),
        recent: withList(arrivals.recent),
      },
      { title: 'checkin.dashboard.title', area: 'console' },
    );
  }

  // ---- lists

  @Get('check-in/lists')
  @Roles('organiser')
  async listsPage(@Req() request: FastifyRequest, @Param('id', ParseIdPipe) id: number): Promise<Html> {
    return this.listsView(request, id, {});
  }

  @Post('check-in/lists')
  @Roles('organiser')
  async createList(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Body() body: unknown,
  ): Promise<Html | Redirect> {
    return handleForm({
      dto: CheckInListDto,
      body,
      read: (values) => ({ dto: listFormToDto(values) }),
      run: (dto) => this.lists.create(id, dto),
      onSuccess: () =>
        redirect(`/console/events/${id}/check-in/lists`, { kind: 'success', key: 'checkin.lists.created' }),
      rerender: (errors, values) => this.listsView(request, id, { newValues: values, newErrors: errors }),
    });
  }

  @Post('check-in/lists/:listId')
  @Roles('organiser')
  async updateList(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Param('listId', ParseIdPipe) listId: number,
    @Body() body: unknown,
  ): Promise<Html | Redirect> {
    const list = await this.lists.get(id, listId);
    return handleForm<CheckInListDto | EntranceListDto, unknown, Redirect, Html>({
      dto: list.kind === 'entrance' ? EntranceListDto : CheckInListDto,
      body,
      read: (values) => {
        // The entrance keeps its kind; its names, categories and re-entry rule may change.
        const dto = listFormToDto(values);
        if (list.kind === 'entrance') delete dto.kind;
        return { dto };
      },
      run: (valid) => this.lists.update(id, listId, valid),
      onSuccess: () =>
        redirect(`/console/events/${id}/check-in/lists`, { kind: 'success', key: 'checkin.lists.saved' }),
      rerender: (errors, values) => this.listsView(request, id, { editing: { id: listId, values, errors } }),
    });
  }

  @Post('check-in/lists/:listId/delete')
  @Roles('organiser')
  async deleteList(@Param('id', ParseIdPipe) id: number, @Param('listId', ParseIdPipe) listId: number) {
    await this.lists.remove(id, listId);
    return redirect(`/console/events/${id}/check-in/lists`, { kind: 'success', key: 'checkin.lists.deleted' });
  }

  private async listsView(
    request: FastifyRequest,
    id: number,
    state: {
      newValues?: Record<string, unknown>;
      newErrors?: FieldProblem[];
      editing?: { id: number; values: Record<string, unknown>; errors: FieldProblem[] };
    },
  ): Promise<Html> {
    const event = await this.events.get(id);
    const [lists, categories, sessions, venues, zones] = await Promise.all([
      this.lists.all(id),
      this.db.manager.find(AttendeeCategory, { where: { eventId: id }, order: { position: 'ASC', id: 'ASC' } }),
      this.db.manager.find(Session, { where: { eventId: id }, order: { startsAt: 'ASC' } }),
      this.db.manager.find(Venue, { where: { eventId: id }, order: { id: 'ASC' } }),
      this.db.manager.find(ExhibitionZone, { where: { eventId: id }, order: { id: 'ASC' } }),
    ]);
    const nameOf = new Map(categories.map((c) => [c.id, c]));
    const valuesOf = (l: CheckInList): Record<string, unknown> => ({
      name: l.name,
      nameEn: l.nameEn ?? '',
      kind: l.kind,
      categories: (l.categoryIds ?? []).map((cid) => nameOf.get(cid)?.code).filter(Boolean),
      allowReentry: l.allowReentry ? 'true' : '',
      sessionId: l.sessionId ?? '',
      venueId: l.venueId ?? '',
      zoneId: l.zoneId ?? '',
    });
    return this.views.page(
      request,
      'console/check-in-lists',
      {
        event,
        timezone: event.timezone,
        tab: 'lists',
        pageCss: CHECK_IN_CSS,
        kinds: CHECK_IN_LIST_KINDS.filter((k) => k !== 'entrance'),
        categories,
        sessions,
        venues,
        zones,
        lists: lists.map((l) => {
          const editing = state.editing?.id === l.id ? state.editing : undefined;
          return {
            ...l,
            admitted: l.categoryIds?.map((cid) => nameOf.get(cid)).filter(Boolean) ?? null,
            place:
              (l.sessionId && sessions.find((s) => s.id === l.sessionId)) ||
              (l.venueId && venues.find((v) => v.id === l.venueId)) ||
              (l.zoneId && zones.find((z) => z.id === l.zoneId)) ||
              null,
            editing: Boolean(editing),
            values: editing ? editing.values : valuesOf(l),
            errors: editing?.errors ?? [],
          };
        }),
        newValues: state.newValues ?? { kind: 'session' },
        newErrors: state.newErrors ?? [],
      },
      { title: 'checkin.lists.title', area: 'console', status: state.newErrors || state.editing ? 400 : 200 },
    );
  }

  // ---- devices

  @Get('check-in/devices')
  @Roles('organiser')
  async devicesPage(@Req() request: FastifyRequest, @Param('id', ParseIdPipe) id: number): Promise<Html> {
    return this.devicesView(request, id, {});
  }

  @Post('check-in/devices')
  @Roles('organiser')
  async issueDevice(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('id', ParseIdPipe) id: number,
    @Body() body: unknown,
  ): Promise<Html> {
    return handleForm({
      dto: CreateDeviceDto,
      body,
      read: (values) => {
        return { dto: { ...values, listId: idOrRaw(values.listId) } };
      },
      run: (dto) => this.devices.issue(id, dto, request.principal!.userId),
      onSuccess: async ({ device, pairingToken }) => {
        const pairingUrl = `${this.config.appUrl}/staff/pair/${pairingToken}`;
        // Shown once: the page holding the pairing code must not stay in any cache.
        reply.header('cache-control', 'no-store');
        return this.devicesView(request, id, {
          issued: {
            device,
            pairingUrl,
            qrSvg: await QRCode.toString(pairingUrl, { errorCorrectionLevel: 'M', margin: 2, type: 'svg' }),
          },
        });
      },
      rerender: (errors, values) => this.devicesView(request, id, { values, errors }),
    });
  }

  @Post('check-in/devices/:deviceId/revoke')
  @Roles('organiser')
  async revokeDevice(@Param('id', ParseIdPipe) id: number, @Param('deviceId', ParseIdPipe) deviceId: number) {
    const device = await this.devices.revoke(id, deviceId);
    return redirect(`/console/events/${id}/check-in/devices`, {
      kind: 'success',
      key: 'checkin.devices.revoked',
      params: { name: device.name },
    });
  }

  private async devicesView(
    request: FastifyRequest,
    id: number,
    state: {
      values?: Record<string, unknown>;
      errors?: FieldProblem[];
      issued?: { device: { name: string; listId: number }; pairingUrl: string; qrSvg: string };
    },
  ): Promise<Html> {
    const event = await this.events.get(id);
    const [lists, devices] = await Promise.all([this.lists.all(id), this.devices.list(id)]);
    return this.views.page(
      request,
      'console/check-in-devices',
      {
        event,
        timezone: event.timezone,
        tab: 'devices',
        pageCss: CHECK_IN_CSS,
        lists,
        devices,
        issued: state.issued
          ? { ...state.issued, list: lists.find((l) => l.id === state.issued!.device.listId) }
          : undefined,
        values: state.values ?? { listId: String(lists[0]?.id ?? '') },
        errors: state.errors ?? [],
        scannerUrl: `${this.config.appUrl}/staff`,
      },
      { title: 'checkin.devices.title', area: 'console', status: state.errors?.length ? 400 : 200 },
    );
  }

  // ---- badges

  @Get('badges')
  @Roles('organiser')
  async badgesPage(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Query() query: Record<string, unknown>,
  ): Promise<Html> {
    return this.sheetView(request, id, filterFrom(query), { printing: false });
  }

  @Post('badges/print')
  @Roles('organiser')
  async print(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Body() body: unknown,
  ): Promise<Html> {
    const filter = filterFrom(cleanFormBody(body));
    const found = await this.sheets.find(id, filter);
    const logged = await this.sheets.logPrint(id, found.badges, filter.layout, request.principal!.userId);
    return this.sheetView(request, id, filter, { printing: true, logged, found });
  }

  @Get('badges/:registrationId/badge.png')
  @Roles('organiser')
  async png(
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('id', ParseIdPipe) id: number,
    @Param('registrationId', ParseIdPipe) registrationId: number,
  ) {
    const image = await this.sheets.image(id, registrationId, 'png');
    if (!image) throw new CommonError('not_found');
    void reply.header('content-type', 'image/png').header('cache-control', 'no-store');
    return image;
  }

  @Get('badges/:registrationId/badge.svg')
  @Roles('organiser')
  async svg(
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('id', ParseIdPipe) id: number,
    @Param('registrationId', ParseIdPipe) registrationId: number,
  ) {
    const image = await this.sheets.image(id, registrationId, 'svg');
    if (!image) throw new CommonError('not_found');
    void reply.header('content-type', 'image/svg+xml; charset=utf-8').header('cache-control', 'no-store');
    return image;
  }

  private async sheetView(
    request: FastifyRequest,
    id: number,
    filter: BadgeFilter & { layout: BadgeLayout },
    state: {
      printing: boolean;
      logged?: { printed: number; reprints: number };
      found?: Awaited<ReturnType<BadgeSheetService['find']>>;
    },
  ): Promise<Html> {
    const event: Event = await this.events.get(id);
    const found = state.found ?? (await this.sheets.find(id, filter));
    const categories = await this.db.manager.find(AttendeeCategory, {
      where: { eventId: id },
      order: { position: 'ASC', id: 'ASC' },
    });
    const badges = await this.sheets.withQr(found.badges);
    const perPage = PER_PAGE[filter.layout];
    const pages: (typeof badges)[] = [];
    for (let i = 0; i < badges.length; i += perPage) pages.push(badges.slice(i, i + perPage));
    return this.views.page(
      request,
      'console/badges',
      {
        event,
        timezone: event.timezone,
        tab: 'badges',
        pageCss: CHECK_IN_CSS,
        filter,
        layouts: BADGE_LAYOUTS,
        categories,
        pages,
        count: badges.length,
        total: found.total,
        truncated: found.total > badges.length,
        printing: state.printing,
        logged: state.logged,
      },
      { title: 'checkin.badges.title', area: 'console' },
    );
  }
}

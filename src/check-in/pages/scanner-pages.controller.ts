import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Public, RateLimit } from '../../common/auth.decorators.js';
import { ParseIdPipe } from '../../common/id.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { EventsService } from '../../events/events.service.js';
import { redirect, type Html, type Redirect } from '../../web/html.js';
import { TEMPLATES_DIR } from '../../common/paths.js';
import { Views } from '../../web/views.service.js';
import { CHECK_IN_CSS } from './check-in-console.controller.js';
import { CHECK_IN_RESULTS } from '../check-in-result.js';
import { CheckInListsService } from '../check-in-lists.service.js';
import { CheckInService, type ScanActor } from '../check-in.service.js';
import { DevicesService } from '../devices.service.js';
import { LookupQueryDto, SyncDto, type ScanDto } from '../dto/check-in.dto.js';
import { ScanBodyPipe } from '../dto/scan-body.pipe.js';
import { CurrentScanActor, DEVICE_COOKIE, ScannerAccess } from '../scanner-access.guard.js';
import { ScannerDataService } from '../scanner-data.service.js';

const require = createRequire(import.meta.url);

/** Client files served from the app itself: a phone at the venue needs nothing from any other host. */
const CLIENT_FILES = {
  sw: () => readFileSync(join(TEMPLATES_DIR, 'assets', 'checkin', 'sw.js')),
  jsqr: () => readFileSync(require.resolve('jsqr/dist/jsQR.js')),
  ed25519: () => readFileSync(join(require.resolve('@noble/ed25519/package.json'), '..', 'index.js')),
};

/** Messages the scanner script shows, in the page's language. */
const SCANNER_MESSAGES = [
  ...CHECK_IN_RESULTS.map((r) => `result.${r}`),
  ...CHECK_IN_RESULTS.map((r) => `hint.${r}`),
  'online',
  'offline',
  'queued',
  'synced',
  'flaggedSynced',
  'cameraDenied',
  'cameraMissing',
  'insecure',
  'firstAt',
  'offlineDecision',
  'noResults',
  'checkIn',
  'checkedInAt',
  'searching',
  'dataAge',
  'noData',
  'signedOut',
  'error',
  'unknownPerson',
  'statusPending',
  'statusWaitlisted',
  'statusCancelled',
  'statusRejected',
  'statusConfirmed',
];

const DEVICE_COOKIE_DAYS = 30;

/**
 * The staff scanner: a phone page (camera, green / amber / red answer, sound, manual look-up) that keeps the list's
 * offline data and a queue of scans in IndexedDB and installs a service worker, so it decides and records scans with
 * the network gone and uploads them when it returns. Scans go through the same CheckInService as the API.
 */
@ApiExcludeController()
@Controller('staff')
export class ScannerPagesController {
  private readonly files = new Map<string, Buffer>();

  constructor(
    @Inject(Views) private readonly views: Views,
    @Inject(EventsService) private readonly events: EventsService,
    @Inject(CheckInListsService) private readonly lists: CheckInListsService,
    @Inject(CheckInService) private readonly checkIns: CheckInService,
    @Inject(ScannerDataService) private readonly data: ScannerDataService,
    @Inject(DevicesService) private readonly devices: DevicesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('events/:eventId/check-in')
  @ScannerAccess()
  async choose(
    @Req() request: FastifyRequest,
    @Param('eventId', ParseIdPipe) eventId: number,
    @CurrentScanActor() actor: ScanActor,
  ): Promise<Html | Redirect> {
    if (actor.kind === 'device') return redirect(`/staff/events/${eventId}/check-in/${actor.listId}`);
    const event = await this.events.get(eventId);
    const lists = await this.lists.all(eventId);
    return this.views.page(
      request,
      'staff/check-in-lists',
      { event, lists, pageCss: CHECK_IN_CSS },
      { title: 'checkin.scanner.chooseTitle', area: 'staff' },
    );
  }

  @Get('events/:eventId/check-in/:listId')
  @ScannerAccess()
  async scanner(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('eventId', ParseIdPipe) eventId: number,
    @Param('listId', ParseIdPipe) listId: number,
    @CurrentScanActor() actor: ScanActor,
  ): Promise<Html | Redirect> {
    if (actor.kind === 'device' && actor.listId !== listId)
      return redirect(`/staff/events/${eventId}/check-in/${actor.listId}`);
    const event = await this.events.get(eventId);
    const list = await this.lists.get(eventId, listId);
    const base = `/staff/events/${eventId}/check-in/${listId}`;
    const locale = request.locale;
    reply.header('cache-control', 'no-cache');
    const config = {
      eventId,
      listId,
      base,
      csrfToken: request.csrfToken,
      actor: { kind: actor.kind, name: actor.name },
      locale,
      swUrl: '/staff/sw.js',
      ed25519Url: '/staff/vendor/ed25519.js',
      assets: [
        '/assets/app.css',
        CHECK_IN_CSS,
        '/assets/app.js',
        '/assets/checkin/scanner.js',
        '/staff/vendor/jsqr.js',
      ],
      messages: Object.fromEntries(
        SCANNER_MESSAGES.map((key) => [key, this.views.t(locale, `checkin.scanner.${key}`)]),
      ),
    };
    return this.views.page(
      request,
      'staff/scanner',
      { event, list, actor, config, pageCss: CHECK_IN_CSS, isDevice: actor.kind === 'device' },
      { title: list.name, area: 'staff' },
    );
  }

  @Get('events/:eventId/check-in/:listId/offline-data')
  @ScannerAccess()
  async offlineData(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('eventId', ParseIdPipe) eventId: number,
    @Param('listId', ParseIdPipe) listId: number,
    @CurrentScanActor() actor: ScanActor,
  ) {
    const list = await this.lists.forActor(actor, eventId, listId);
    reply.header('cache-control', 'no-store');
    // The CSRF token travels with the data: a page reloaded from the offline cache may carry an older one.
    return { ...(await this.data.offlineData(list)), csrfToken: request.csrfToken };
  }

  @Post('events/:eventId/check-in/:listId/scan')
  @HttpCode(200)
  @ScannerAccess()
  scan(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Param('listId', ParseIdPipe) listId: number,
    @Body(ScanBodyPipe) dto: Pick<ScanDto, keyof ScanDto>,
    @CurrentScanActor() actor: ScanActor,
  ) {
    return this.checkIns.perform(
      {
        ...dto,
        eventId,
        listId,
        scannedAt: dto.scannedAt ? new Date(dto.scannedAt) : undefined,
        source: dto.code ? 'scanner' : 'manual',
      },
      actor,
    );
  }

  @Post('events/:eventId/check-in/:listId/sync')
  @HttpCode(200)
  @ScannerAccess()
  async sync(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Param('listId', ParseIdPipe) listId: number,
    @Body() dto: SyncDto,
    @CurrentScanActor() actor: ScanActor,
  ) {
    const answers = await this.checkIns.sync(
      eventId,
      dto.scans.map((s) => ({ ...s, eventId, listId, scannedAt: new Date(s.scannedAt), source: 'offline' as const })),
      actor,
    );
    return { answers };
  }

  @Get('events/:eventId/check-in/:listId/lookup')
  @ScannerAccess()
  async lookup(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Param('listId', ParseIdPipe) listId: number,
    @Query() query: LookupQueryDto,
    @CurrentScanActor() actor: ScanActor,
  ) {
    return { people: await this.data.lookup(await this.lists.forActor(actor, eventId, listId), query.q) };
  }

  /**
   * A phone opening a pairing QR code sees what it is about to become and confirms with one tap: a GET never claims
   * the code, so a link preview in a chat app cannot use it up.
   */
  @Get('pair/:token')
  @Public()
  @RateLimit({ name: 'device-pair-page', limit: 30, windowSeconds: 60 })
  async pairPage(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('token') token: string,
  ): Promise<Html> {
    const device = await this.devices.pending(token);
    reply.header('cache-control', 'no-store');
    return this.views.page(
      request,
      'staff/pair',
      { device, list: device.list, event: device.event, action: `/staff/pair/${token}`, pageCss: CHECK_IN_CSS },
      { title: 'checkin.scanner.pairTitle', area: 'staff' },
    );
  }

  /** Claims the pairing code once and keeps the device's own token in a cookie on this phone. */
  @Post('pair/:token')
  @Public()
  @RateLimit({ name: 'device-pair-page', limit: 30, windowSeconds: 60 })
  async pair(@Res({ passthrough: true }) reply: FastifyReply, @Param('token') token: string): Promise<Redirect> {
    const { device, deviceToken } = await this.devices.pair(token);
    reply.header('cache-control', 'no-store');
    reply.setCookie(DEVICE_COOKIE, deviceToken, {
      path: '/staff',
      httpOnly: true,
      sameSite: 'lax',
      secure: this.config.cookieSecure,
      maxAge: DEVICE_COOKIE_DAYS * 24 * 3600,
    });
    return redirect(`/staff/events/${device.eventId}/check-in/${device.listId}`, {
      kind: 'success',
      key: 'checkin.scanner.paired',
      params: { name: device.name },
    });
  }

  /** Takes the device token off this phone (the organiser revokes the device itself in the console). */
  @Post('unpair')
  @Public()
  unpair(@Res({ passthrough: true }) reply: FastifyReply): Redirect {
    reply.clearCookie(DEVICE_COOKIE, { path: '/staff' });
    return redirect('/');
  }

  @Get('sw.js')
  @Public()
  serviceWorker(@Res({ passthrough: true }) reply: FastifyReply) {
    void reply
      .header('content-type', 'text/javascript; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('service-worker-allowed', '/staff/');
    return this.file('sw');
  }

  @Get('vendor/jsqr.js')
  @Public()
  jsqr(@Res({ passthrough: true }) reply: FastifyReply) {
    void reply.header('content-type', 'text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600');
    return this.file('jsqr');
  }

  @Get('vendor/ed25519.js')
  @Public()
  ed25519(@Res({ passthrough: true }) reply: FastifyReply) {
    void reply.header('content-type', 'text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600');
    return this.file('ed25519');
  }

  private file(name: keyof typeof CLIENT_FILES): Buffer {
    let body = this.files.get(name);
    if (!body) {
      body = CLIENT_FILES[name]();
      // The service worker is re-read in development-like runs; vendor files never change while running.
      if (name !== 'sw') this.files.set(name, body);
    }
    return body;
  }
}

import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Public, RateLimit, Roles } from '../common/auth.decorators.js';
import { ParseIdPipe } from '../common/id.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { Principal } from '../common/request-context.js';
import { ArrivalsService } from './arrivals.service.js';
import type { CheckInDevice } from './check-in-device.entity.js';
import type { CheckInList } from './check-in-list.entity.js';
import { CheckInListsService } from './check-in-lists.service.js';
import { CheckInService, type ScanActor } from './check-in.service.js';
import { DevicesService } from './devices.service.js';
import {
  CheckInListDto,
  CreateDeviceDto,
  LookupQueryDto,
  PairDto,
  ScanDto,
  SyncDto,
  UpdateCheckInListDto,
} from './dto/check-in.dto.js';
import { ScanBodyPipe } from './dto/scan-body.pipe.js';
import { CurrentScanActor, ScannerAccess } from './scanner-access.guard.js';
import { ScannerDataService } from './scanner-data.service.js';

export function listJson(list: CheckInList) {
  return {
    id: list.id,
    code: list.code,
    kind: list.kind,
    name: list.name,
    nameEn: list.nameEn,
    categoryIds: list.categoryIds,
    allowReentry: list.allowReentry,
    sessionId: list.sessionId,
    venueId: list.venueId,
    zoneId: list.zoneId,
  };
}

function deviceJson(device: CheckInDevice) {
  return {
    id: device.id,
    name: device.name,
    listId: device.listId,
    pairedAt: device.pairedAt,
    lastSeenAt: device.lastSeenAt,
    revokedAt: device.revokedAt,
    pairingExpiresAt: device.pairingExpiresAt,
    createdAt: device.createdAt,
  };
}

/** The scan body after ScanBodyPipe (not a class, so that the global ValidationPipe leaves it alone). */
type ScanBody = Pick<ScanDto, keyof ScanDto>;

/** Scans with optional client times; a time that is not a date never reaches the service (the DTO checks ISO 8601). */
const when = (text: string | undefined) => (text ? new Date(text) : undefined);

@ApiTags('check-in')
@ApiBearerAuth()
@Controller('api')
export class CheckInController {
  constructor(
    @Inject(CheckInService) private readonly checkIns: CheckInService,
    @Inject(CheckInListsService) private readonly lists: CheckInListsService,
    @Inject(ScannerDataService) private readonly data: ScannerDataService,
    @Inject(DevicesService) private readonly devices: DevicesService,
    @Inject(ArrivalsService) private readonly arrivalsService: ArrivalsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('events/:eventId/checkins')
  @HttpCode(200)
  @ScannerAccess()
  @ApiBody({ type: ScanDto })
  @ApiOperation({
    summary: 'Decide a scan (staff, organisers, paired devices)',
    description:
      'Answers {result, attendee?, firstCheckIn?} with result one of ok, already_checked_in, not_on_list, revoked, unknown, not_confirmed. A repeat of the same nonce answers the first answer.',
  })
  scan(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Body(ScanBodyPipe) dto: ScanBody,
    @CurrentScanActor() actor: ScanActor,
  ) {
    return this.checkIns.perform(
      { ...dto, eventId, scannedAt: when(dto.scannedAt), source: dto.code ? 'api' : 'manual' },
      actor,
    );
  }

  @Post('events/:eventId/checkins/sync')
  @HttpCode(200)
  @ScannerAccess()
  @ApiOperation({ summary: 'Upload scans decided offline, in order; answers one decision per scan' })
  async sync(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Body() dto: SyncDto,
    @CurrentScanActor() actor: ScanActor,
  ) {
    const answers = await this.checkIns.sync(
      eventId,
      dto.scans.map((s) => ({ ...s, eventId, scannedAt: when(s.scannedAt), source: 'offline' as const })),
      actor,
    );
    return { answers };
  }

  @Get('events/:eventId/checkins/lookup')
  @ScannerAccess()
  @ApiOperation({ summary: 'Find people without their badge by name, phone or organisation' })
  async lookup(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Query() query: LookupQueryDto,
    @CurrentScanActor() actor: ScanActor,
  ) {
    return { people: await this.data.lookup(await this.lists.forActor(actor, eventId, query.listId), query.q) };
  }

  @Get('events/:eventId/checkins/offline-data')
  @ScannerAccess()
  @ApiOperation({ summary: "A list's offline data: public key, revocations, confirmed badges, first check-ins" })
  async offlineData(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Query('listId') listId: string | undefined,
    @CurrentScanActor() actor: ScanActor,
  ) {
    const id = listId ? new ParseIdPipe().transform(listId, { type: 'query', data: 'listId' }) : undefined;
    return this.data.offlineData(await this.lists.forActor(actor, eventId, id));
  }

  @Get('events/:eventId/checkin-lists')
  @ScannerAccess()
  @ApiOperation({ summary: "The event's check-in lists (a paired device sees its own)" })
  async allLists(@Param('eventId', ParseIdPipe) eventId: number, @CurrentScanActor() actor: ScanActor) {
    const lists = await this.lists.all(eventId);
    return lists.filter((l) => actor.kind !== 'device' || l.id === actor.listId).map(listJson);
  }

  @Post('events/:eventId/checkin-lists')
  @Roles('organiser')
  async createList(@Param('eventId', ParseIdPipe) eventId: number, @Body() dto: CheckInListDto) {
    return listJson(await this.lists.create(eventId, dto));
  }

  @Patch('events/:eventId/checkin-lists/:listId')
  @Roles('organiser')
  async updateList(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Param('listId', ParseIdPipe) listId: number,
    @Body() dto: UpdateCheckInListDto,
  ) {
    return listJson(await this.lists.update(eventId, listId, dto));
  }

  @Delete('events/:eventId/checkin-lists/:listId')
  @HttpCode(204)
  @Roles('organiser')
  async removeList(@Param('eventId', ParseIdPipe) eventId: number, @Param('listId', ParseIdPipe) listId: number) {
    await this.lists.remove(eventId, listId);
  }

  @Get('events/:eventId/arrivals')
  @Roles('organiser')
  @ApiOperation({ summary: 'Live arrivals: checked in against confirmed, by category and list, per five minutes' })
  async arrivals(@Param('eventId', ParseIdPipe) eventId: number) {
    const a = await this.arrivalsService.arrivals(eventId);
    return {
      updatedAt: a.updatedAt,
      totals: a.totals,
      categories: a.categories,
      lists: a.lists.map((l) => ({
        ...listJson(l.list),
        eligible: l.eligible,
        checkedIn: l.checkedIn,
        refused: l.refused,
      })),
      perFiveMinutes: a.buckets.map((b) => ({ start: b.start, count: b.count })),
      noShows: a.noShows,
      flagged: a.flagged,
    };
  }

  @Get('events/:eventId/checkin-devices')
  @Roles('organiser')
  async allDevices(@Param('eventId', ParseIdPipe) eventId: number) {
    return (await this.devices.list(eventId)).map(deviceJson);
  }

  @Post('events/:eventId/checkin-devices')
  @Roles('organiser')
  @ApiOperation({ summary: 'Issue a pairing code for one list (shown once; valid for 24 hours, until used)' })
  async issueDevice(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Body() dto: CreateDeviceDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    const { device, pairingToken } = await this.devices.issue(eventId, dto, principal.userId);
    return { ...deviceJson(device), pairingToken, pairingUrl: `${this.config.appUrl}/staff/pair/${pairingToken}` };
  }

  @Post('events/:eventId/checkin-devices/:deviceId/revoke')
  @HttpCode(200)
  @Roles('organiser')
  async revokeDevice(@Param('eventId', ParseIdPipe) eventId: number, @Param('deviceId', ParseIdPipe) id: number) {
    return deviceJson(await this.devices.revoke(eventId, id));
  }

  @Post('devices/pair')
  @HttpCode(200)
  @Public()
  @RateLimit({ name: 'device-pair', limit: 30, windowSeconds: 60 })
  @ApiOperation({ summary: "Exchange a pairing code for the device's own bearer token (once)" })
  async pair(@Body() dto: PairDto) {
    const { device, deviceToken } = await this.devices.pair(dto.token);
    return { deviceToken, deviceId: device.id, eventId: device.eventId, listId: device.listId, name: device.name };
  }
}

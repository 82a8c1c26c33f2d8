import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Optional,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Req,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public, Roles } from '../common/auth.decorators.js';
import { CommonError } from '../common/domain-error.js';
import {
  CreateEventDto,
  ListEventsQueryDto,
  RoomDto,
  SetEventOrganisationsDto,
  UpdateEventDto,
  UpdateRoomDto,
  UpdateVenueDto,
  UpdateZoneDto,
  VenueDto,
  ZoneDto,
} from './dto/event.dto.js';
import type { Event } from './event.entity.js';
import { EventsService, type EventDetails } from './events.service.js';
import { PublishedProgramme } from './published-programme.js';
import { ParseIdPipe } from '../common/id.js';

function summary(event: Event) {
  return {
    id: event.id,
    slug: event.slug,
    title: event.title,
    titleEn: event.titleEn,
    shortTitle: event.shortTitle,
    shortTitleEn: event.shortTitleEn,
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    timezone: event.timezone,
    status: event.status,
  };
}

/** An event with its places and people; `sessions` is the published programme (organisers edit drafts at /sessions). */
function detailsJson(d: EventDetails, published: object[]) {
  return {
    ...d.event,
    series: d.series,
    venues: d.venues,
    zones: d.zones,
    organisations: d.organisations.map((o) => ({ role: o.role, ...o.organisation })),
    sessions: published,
  };
}

@ApiTags('events')
@ApiBearerAuth()
@Controller('api/events')
export class EventsController {
  constructor(
    @Inject(EventsService) private readonly events: EventsService,
    // Provided by the agenda module; absent only in the command line, which serves no requests.
    @Optional() @Inject(PublishedProgramme) private readonly programme?: PublishedProgramme,
  ) {}

  private async full(event: Event) {
    const [details, published] = await Promise.all([
      this.events.details(event),
      this.programme?.sessions(event.id) ?? [],
    ]);
    return detailsJson(details, published);
  }

  @Get()
  @Public()
  @ApiOperation({ summary: 'List events: published ones to anyone; any status to organisers' })
  async list(@Query() query: ListEventsQueryDto, @Req() request: FastifyRequest) {
    const status = query.status ?? 'published';
    if (status !== 'published' && request.principal?.role !== 'organiser') {
      throw new CommonError(request.principal ? 'forbidden' : 'unauthenticated');
    }
    return (await this.events.list(status)).map(summary);
  }

  @Get(':id')
  @Public()
  @ApiOperation({ summary: 'An event with its venues, rooms, zones, organisations and sessions' })
  async get(@Param('id', ParseIdPipe) id: number, @Req() request: FastifyRequest) {
    return this.full(await this.events.visible(request.principal ?? null, id));
  }

  @Post()
  @Roles('organiser')
  async create(@Body() dto: CreateEventDto) {
    return this.full(await this.events.create(dto));
  }

  @Patch(':id')
  @Roles('organiser')
  async update(@Param('id', ParseIdPipe) id: number, @Body() dto: UpdateEventDto) {
    return this.full(await this.events.update(id, dto));
  }

  @Delete(':id')
  @Roles('organiser')
  @HttpCode(204)
  async remove(@Param('id', ParseIdPipe) id: number) {
    await this.events.remove(id);
  }

  @Get(':id/readiness')
  @Roles('organiser')
  @ApiOperation({ summary: 'What the event still needs before people can register: { ready, missing: [codes] }' })
  async readiness(@Param('id', ParseIdPipe) id: number) {
    const { ready, missing } = await this.events.readiness(id);
    return { ready, missing };
  }

  @Post(':id/publish')
  @Roles('organiser')
  @HttpCode(200)
  async publish(@Param('id', ParseIdPipe) id: number) {
    return summary(await this.events.transition(id, 'published'));
  }

  @Post(':id/unpublish')
  @Roles('organiser')
  @HttpCode(200)
  async unpublish(@Param('id', ParseIdPipe) id: number) {
    return summary(await this.events.transition(id, 'draft'));
  }

  @Post(':id/close')
  @Roles('organiser')
  @HttpCode(200)
  async close(@Param('id', ParseIdPipe) id: number) {
    return summary(await this.events.transition(id, 'closed'));
  }

  @Put(':id/organisations')
  @Roles('organiser')
  async setOrganisations(@Param('id', ParseIdPipe) id: number, @Body() dto: SetEventOrganisationsDto) {
    await this.events.setOrganisations(id, dto.organisations);
    return (await this.full(await this.events.get(id))).organisations;
  }

  @Post(':id/venues')
  @Roles('organiser')
  addVenue(@Param('id', ParseIdPipe) id: number, @Body() dto: VenueDto) {
    return this.events.addVenue(id, dto);
  }

  @Patch(':id/venues/:venueId')
  @Roles('organiser')
  updateVenue(
    @Param('id', ParseIdPipe) id: number,
    @Param('venueId', ParseIdPipe) venueId: number,
    @Body() dto: UpdateVenueDto,
  ) {
    return this.events.updateVenue(id, venueId, dto);
  }

  @Delete(':id/venues/:venueId')
  @Roles('organiser')
  @HttpCode(204)
  async removeVenue(@Param('id', ParseIdPipe) id: number, @Param('venueId', ParseIdPipe) venueId: number) {
    await this.events.removeVenue(id, venueId);
  }

  @Post(':id/venues/:venueId/rooms')
  @Roles('organiser')
  addRoom(@Param('id', ParseIdPipe) id: number, @Param('venueId', ParseIdPipe) venueId: number, @Body() dto: RoomDto) {
    return this.events.addRoom(id, venueId, dto);
  }

  @Patch(':id/rooms/:roomId')
  @Roles('organiser')
  updateRoom(
    @Param('id', ParseIdPipe) id: number,
    @Param('roomId', ParseIdPipe) roomId: number,
    @Body() dto: UpdateRoomDto,
  ) {
    return this.events.updateRoom(id, roomId, dto);
  }

  @Delete(':id/rooms/:roomId')
  @Roles('organiser')
  @HttpCode(204)
  async removeRoom(@Param('id', ParseIdPipe) id: number, @Param('roomId', ParseIdPipe) roomId: number) {
    await this.events.removeRoom(id, roomId);
  }

  @Post(':id/zones')
  @Roles('organiser')
  addZone(@Param('id', ParseIdPipe) id: number, @Body() dto: ZoneDto) {
    return this.events.addZone(id, dto);
  }

  @Patch(':id/zones/:zoneId')
  @Roles('organiser')
  updateZone(
    @Param('id', ParseIdPipe) id: number,
    @Param('zoneId', ParseIdPipe) zoneId: number,
    @Body() dto: UpdateZoneDto,
  ) {
    return this.events.updateZone(id, zoneId, dto);
  }

  @Delete(':id/zones/:zoneId')
  @Roles('organiser')
  @HttpCode(204)
  async removeZone(@Param('id', ParseIdPipe) id: number, @Param('zoneId', ParseIdPipe) zoneId: number) {
    await this.events.removeZone(id, zoneId);
  }
}

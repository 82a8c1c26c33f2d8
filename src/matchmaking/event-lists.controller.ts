import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public, Roles } from '../common/auth.decorators.js';
import { ParseIdPipe } from '../common/id.js';
import { AddListingDto, ListingOrderDto, ListingsDto, ListLibraryQueryDto } from './dto/library.dto.js';
import { EventListsService } from './event-lists.service.js';

const publicPage = <T extends { total: number; page: number; pageSize: number; items: unknown[] }>(
  p: T & { countsByCategory: Record<string, number>; categories: unknown[] },
) => ({
  total: p.total,
  page: p.page,
  pageSize: p.pageSize,
  items: p.items,
  countsByCategory: p.countsByCategory,
  categories: p.categories,
});

/** An event's published lists of achievements and demands: public for a published event; organisers edit them. */
@ApiTags('matchmaking')
@ApiBearerAuth()
@Controller('api/events/:eventId')
export class EventListsController {
  constructor(private readonly lists: EventListsService) {}

  @Get('achievements')
  @Public()
  @ApiOperation({
    summary: 'The event’s achievement list: { total, items, countsByCategory (Chinese name → count over the list) }',
  })
  async achievements(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Query() query: ListLibraryQueryDto,
    @Req() request: FastifyRequest,
  ) {
    const event = await this.lists.visibleEvent({ id: eventId }, request.principal);
    return publicPage(await this.lists.achievementPage(event, query));
  }

  @Get('achievements/:id')
  @Public()
  async achievement(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Param('id', ParseIdPipe) id: number,
    @Req() request: FastifyRequest,
  ) {
    return this.lists.listedAchievement(await this.lists.visibleEvent({ id: eventId }, request.principal), id);
  }

  @Get('demands')
  @Public()
  @ApiOperation({ summary: 'The event’s demand lists: { total, items, countsByCategory }' })
  async demands(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Query() query: ListLibraryQueryDto,
    @Req() request: FastifyRequest,
  ) {
    const event = await this.lists.visibleEvent({ id: eventId }, request.principal);
    return publicPage(await this.lists.demandPage(event, query));
  }

  @Get('demands/:id')
  @Public()
  async demand(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Param('id', ParseIdPipe) id: number,
    @Req() request: FastifyRequest,
  ) {
    return this.lists.listedDemand(await this.lists.visibleEvent({ id: eventId }, request.principal), id);
  }

  @Post('achievements')
  @Roles('organiser')
  @HttpCode(200)
  @ApiOperation({ summary: 'Lists achievements at the event (appended in the given order, under a list name)' })
  addAchievements(@Param('eventId', ParseIdPipe) eventId: number, @Body() dto: ListingsDto) {
    return this.lists.add(eventId, 'achievement', dto.ids, dto);
  }

  @Put('achievements/order')
  @Roles('organiser')
  @HttpCode(204)
  async orderAchievements(@Param('eventId', ParseIdPipe) eventId: number, @Body() dto: ListingOrderDto) {
    await this.lists.reorder(eventId, 'achievement', dto.ids);
  }

  @Post('achievements/:id')
  @Roles('organiser')
  @HttpCode(200)
  addAchievement(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Param('id', ParseIdPipe) id: number,
    @Body() dto: AddListingDto,
  ) {
    return this.lists.add(eventId, 'achievement', [id], dto);
  }

  @Delete('achievements/:id')
  @Roles('organiser')
  @HttpCode(204)
  async removeAchievement(@Param('eventId', ParseIdPipe) eventId: number, @Param('id', ParseIdPipe) id: number) {
    await this.lists.remove(eventId, 'achievement', id);
  }

  @Post('demands')
  @Roles('organiser')
  @HttpCode(200)
  addDemands(@Param('eventId', ParseIdPipe) eventId: number, @Body() dto: ListingsDto) {
    return this.lists.add(eventId, 'demand', dto.ids, dto);
  }

  @Put('demands/order')
  @Roles('organiser')
  @HttpCode(204)
  async orderDemands(@Param('eventId', ParseIdPipe) eventId: number, @Body() dto: ListingOrderDto) {
    await this.lists.reorder(eventId, 'demand', dto.ids);
  }

  @Post('demands/:id')
  @Roles('organiser')
  @HttpCode(200)
  addDemand(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Param('id', ParseIdPipe) id: number,
    @Body() dto: AddListingDto,
  ) {
    return this.lists.add(eventId, 'demand', [id], dto);
  }

  @Delete('demands/:id')
  @Roles('organiser')
  @HttpCode(204)
  async removeDemand(@Param('eventId', ParseIdPipe) eventId: number, @Param('id', ParseIdPipe) id: number) {
    await this.lists.remove(eventId, 'demand', id);
  }
}

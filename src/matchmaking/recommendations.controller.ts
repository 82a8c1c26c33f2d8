import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public, Roles } from '../common/auth.decorators.js';
import { ParseIdPipe } from '../common/id.js';
import {
  RecommendationOverrideDto,
  RecommendationPairDto,
  RecommendationsQueryDto,
} from './dto/recommendations.dto.js';
import { EventListsService } from './event-lists.service.js';
import { RecommendationsService } from './recommendations.service.js';

/** Recommendations between an event's lists, with their reasons: public for a published event; organisers pin or hide. */
@ApiTags('matchmaking')
@ApiBearerAuth()
@Controller('api/events/:eventId')
export class RecommendationsController {
  constructor(
    private readonly lists: EventListsService,
    private readonly recommendations: RecommendationsService,
  ) {}

  @Get('achievements/:id/recommendations')
  @Public()
  @ApiOperation({ summary: 'The demands best matching a listed achievement, each with its reasons' })
  async forAchievement(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Param('id', ParseIdPipe) id: number,
    @Query() query: RecommendationsQueryDto,
    @Req() request: FastifyRequest,
  ) {
    const event = await this.lists.visibleEvent({ id: eventId }, request.principal);
    return { items: await this.recommendations.forItem(event, 'achievement', id, query.limit) };
  }

  @Get('demands/:id/recommendations')
  @Public()
  @ApiOperation({ summary: 'The achievements best matching a listed demand, each with its reasons' })
  async forDemand(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Param('id', ParseIdPipe) id: number,
    @Query() query: RecommendationsQueryDto,
    @Req() request: FastifyRequest,
  ) {
    const event = await this.lists.visibleEvent({ id: eventId }, request.principal);
    return { items: await this.recommendations.forItem(event, 'demand', id, query.limit) };
  }

  @Put('recommendations')
  @Roles('organiser')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Pins (shown first) or hides (never shown) a recommendation from one listed item to another',
  })
  async set(@Param('eventId', ParseIdPipe) eventId: number, @Body() dto: RecommendationOverrideDto) {
    await this.recommendations.setOverride(eventId, dto, dto.action);
  }

  @Delete('recommendations')
  @Roles('organiser')
  @HttpCode(204)
  @ApiOperation({ summary: 'Takes a pin or hide back' })
  async clear(@Param('eventId', ParseIdPipe) eventId: number, @Body() dto: RecommendationPairDto) {
    await this.recommendations.clearOverride(eventId, dto);
  }
}

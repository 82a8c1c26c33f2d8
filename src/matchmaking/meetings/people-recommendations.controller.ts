import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../common/auth.decorators.js';
import { ParseIdPipe } from '../../common/id.js';
import { PeopleRecommendationOverrideDto, PeopleRecommendationPairDto } from './dto/meetings.dto.js';
import { PeopleRecommendationsService } from './people-recommendations.service.js';

/** Organisers' view of the people recommended to each participant, and their pins and hides. */
@ApiTags('meetings')
@ApiBearerAuth()
@Controller('api/events/:eventId/meetings/sessions/:sessionId')
export class PeopleRecommendationsController {
  constructor(private readonly people: PeopleRecommendationsService) {}

  @Get('participants/:participantId/recommendations')
  @Roles('organiser')
  @ApiOperation({
    summary: 'The people recommended to a participant, with reasons, and the participants pinned and hidden for them',
  })
  async forParticipant(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Param('sessionId', ParseIdPipe) sessionId: number,
    @Param('participantId', ParseIdPipe) participantId: number,
  ) {
    const participant = await this.people.participantIn(eventId, sessionId, participantId);
    const items = await this.people.forParticipant(participant, participant.registration!, 10);
    return { items, ...(await this.people.overridesOf(participant)) };
  }

  @Put('recommendations')
  @Roles('organiser')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Pins (shown first) or hides (never shown) one participant among those recommended to another',
  })
  async set(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Param('sessionId', ParseIdPipe) sessionId: number,
    @Body() dto: PeopleRecommendationOverrideDto,
  ) {
    await this.people.setOverride(eventId, sessionId, dto, dto.action);
  }

  @Delete('recommendations')
  @Roles('organiser')
  @HttpCode(204)
  @ApiOperation({ summary: 'Takes a pin or hide back' })
  async clear(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Param('sessionId', ParseIdPipe) sessionId: number,
    @Body() dto: PeopleRecommendationPairDto,
  ) {
    await this.people.clearOverride(eventId, sessionId, dto);
  }
}

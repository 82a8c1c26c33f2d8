import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth.decorators.js';
import { ParseIdPipe } from '../common/id.js';
import { ReportsService } from './reports.service.js';

/** Organisers' reports as JSON: the same figures the summary, the printable text and the series page show. */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('api')
export class ReportsController {
  constructor(@Inject(ReportsService) private readonly reports: ReportsService) {}

  @Get('events/:eventId/report')
  @Roles('organiser')
  @ApiOperation({ summary: "An event's figures: registrations, check-ins, sessions, lists, bids, meetings" })
  event(@Param('eventId', ParseIdPipe) eventId: number) {
    return this.reports.eventReport(eventId);
  }

  @Get('series/:seriesId/report')
  @Roles('organiser')
  @ApiOperation({ summary: 'Every edition of a series in date order, each with its event figures' })
  series(@Param('seriesId', ParseIdPipe) seriesId: number) {
    return this.reports.seriesReport(seriesId);
  }
}

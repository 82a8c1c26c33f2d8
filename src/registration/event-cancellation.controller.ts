import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth.decorators.js';
import { ParseIdPipe } from '../common/id.js';
import { CancelEventDto } from './dto/registration.dto.js';
import { EventCancellationService } from './event-cancellation.service.js';

@ApiTags('events')
@ApiBearerAuth()
@Controller('api/events/:eventId')
export class EventCancellationController {
  constructor(private readonly cancellations: EventCancellationService) {}

  @Post('cancel')
  @Roles('organiser')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Cancel an event people registered for (it cannot be deleted): closed for good, every registration cancelled and its person emailed with a METHOD:CANCEL invite; nothing is deleted',
  })
  async cancel(@Param('eventId', ParseIdPipe) eventId: number, @Body() dto: CancelEventDto) {
    const { event, told } = await this.cancellations.cancel(eventId, dto.reason ?? null);
    return { id: event.id, status: event.status, cancelledAt: event.cancelledAt, told };
  }
}

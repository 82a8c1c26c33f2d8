import { Controller, Get, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { In } from 'typeorm';
import { StaffAssignment } from '../../accounts/staff-assignment.entity.js';
import { Roles } from '../../common/auth.decorators.js';
import { Database } from '../../database/database.service.js';
import { Event } from '../../events/event.entity.js';
import type { Html } from '../../web/html.js';
import { Views } from '../../web/views.service.js';

/** Staff pages: the events a staff member works at (the scanner arrives with check-in). */
@ApiExcludeController()
@Controller('staff')
export class StaffPagesController {
  constructor(
    private readonly views: Views,
    private readonly db: Database,
  ) {}

  @Get()
  @Roles('staff')
  async home(@Req() request: FastifyRequest): Promise<Html> {
    const principal = request.principal!;
    let events: Event[];
    if (principal.role === 'organiser')
      events = await this.db.manager.find(Event, { where: { status: In(['published']) }, order: { startsAt: 'ASC' } });
    else {
      const assignments = await this.db.manager.findBy(StaffAssignment, { userId: principal.userId });
      events = assignments.length
        ? await this.db.manager.find(Event, {
            where: { id: In(assignments.map((a) => a.eventId)) },
            order: { startsAt: 'ASC' },
          })
        : [];
    }
    return this.views.page(request, 'staff/home', { events }, { title: 'staff.title', area: 'staff' });
  }
}

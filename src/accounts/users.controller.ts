import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../common/auth.decorators.js';
import type { Principal } from '../common/request-context.js';
import { AssignStaffDto, InviteDto } from './dto/accounts.dto.js';
import { UsersService } from './users.service.js';
import { ParseIdPipe } from '../common/id.js';

@ApiTags('users')
@ApiBearerAuth()
@Controller('api/users')
export class UsersController {
  constructor(@Inject(UsersService) private readonly users: UsersService) {}

  @Get()
  @Roles('organiser')
  list() {
    return this.users.list();
  }

  /** Answers the invitation link; the invitee opens it to set a password. */
  @Post('invitations')
  @Roles('organiser')
  async invite(@Body() dto: InviteDto, @CurrentPrincipal() principal: Principal) {
    const { invitation, url } = await this.users.invite(dto, principal.userId);
    return {
      id: invitation.id,
      email: invitation.email,
      role: invitation.role,
      eventId: invitation.eventId,
      expiresAt: invitation.expiresAt,
      url,
    };
  }

  @Delete('invitations/:id')
  @Roles('organiser')
  @HttpCode(204)
  async revoke(@Param('id', ParseIdPipe) id: number) {
    await this.users.revokeInvitation(id);
  }

  @Post(':id/events')
  @Roles('organiser')
  @HttpCode(204)
  async assign(@Param('id', ParseIdPipe) id: number, @Body() dto: AssignStaffDto) {
    await this.users.assignStaff(id, dto.eventId);
  }

  @Post(':id/disable')
  @Roles('organiser')
  @HttpCode(204)
  async disable(@Param('id', ParseIdPipe) id: number, @CurrentPrincipal() principal: Principal) {
    await this.users.setDisabled(id, true, principal.userId);
  }

  @Post(':id/enable')
  @Roles('organiser')
  @HttpCode(204)
  async enable(@Param('id', ParseIdPipe) id: number, @CurrentPrincipal() principal: Principal) {
    await this.users.setDisabled(id, false, principal.userId);
  }
}

import { Body, Controller, Get, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CurrentPrincipal, Public, RateLimit, Roles } from '../common/auth.decorators.js';
import type { Principal } from '../common/request-context.js';
import { AuthService } from './auth.service.js';
import { LoginDto } from './dto/accounts.dto.js';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(@Inject(AuthService) private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @RateLimit({ name: 'login', limit: 30, windowSeconds: 60 })
  @ApiOperation({ summary: 'Exchange email and password for a bearer token' })
  async login(@Body() dto: LoginDto, @Req() request: FastifyRequest) {
    const { token, user } = await this.auth.login(dto.email, dto.password, 'api', request.ip);
    return {
      accessToken: token,
      tokenType: 'Bearer',
      user: { id: user.id, email: user.email, name: user.name, role: user.role },
    };
  }

  @Post('logout')
  @Roles('organiser', 'staff')
  @ApiBearerAuth()
  @HttpCode(204)
  async logout(@Req() request: FastifyRequest) {
    await this.auth.logout(request.headers.authorization!.slice(7).trim());
  }

  @Get('me')
  @Roles('organiser', 'staff')
  @ApiBearerAuth()
  me(@CurrentPrincipal() principal: Principal) {
    return { id: principal.userId, email: principal.email, name: principal.name, role: principal.role };
  }
}

import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthService } from '../auth.service.js';
import { AcceptInvitationDto, LoginDto } from '../dto/accounts.dto.js';
import { UsersService } from '../users.service.js';
import { Public, RateLimit } from '../../common/auth.decorators.js';
import { DomainError } from '../../common/domain-error.js';
import { cleanFormBody, handleForm, submitForm } from '../../web/forms.js';
import { redirect, safeLocalPath, type Html, type Redirect } from '../../web/html.js';
import { COOKIES } from '../../common/request-context.js';
import { Views } from '../../web/views.service.js';
import { cookieOptions, rotateCsrfSecret } from '../../web/web.hooks.js';

@ApiExcludeController()
@Controller()
export class AuthPagesController {
  constructor(
    @Inject(Views) private readonly views: Views,
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(UsersService) private readonly users: UsersService,
  ) {}

  @Get('login')
  @Public()
  loginForm(@Req() request: FastifyRequest, @Query('next') next?: string): Html | Redirect {
    if (request.principal) return redirect(this.home(request));
    return this.views.page(request, 'auth/login', { next: safeLocalPath(next, '') }, { title: 'auth.login.title' });
  }

  @Post('login')
  @Public()
  @RateLimit({ name: 'login-page', limit: 30, windowSeconds: 60 })
  async login(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply, @Body() body: unknown) {
    const values = cleanFormBody(body);
    const next = safeLocalPath(values.next, '');
    delete values.next;
    const show = (errors: { field: string; reason: string }[], status = 400) =>
      this.views.page(request, 'auth/login', { values, errors, next }, { title: 'auth.login.title', status });
    try {
      return await submitForm(LoginDto, values, {
        onValid: async (dto) => {
          const { token, user } = await this.auth.login(dto.email, dto.password, 'web', request.ip);
          reply.setCookie(COOKIES.session, token, cookieOptions(14 * 24 * 3600));
          rotateCsrfSecret(reply);
          return redirect(next || (user.role === 'organiser' ? '/console' : '/staff'));
        },
        onInvalid: (errors) => show(errors),
      });
    } catch (error) {
      if (
        error instanceof DomainError &&
        (error.code === 'invalid_credentials' || error.code === 'too_many_attempts')
      ) {
        const retryAfter = error.details.retryAfterSeconds;
        if (typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter));
        return show([{ field: '_form', reason: error.code }], error.code === 'too_many_attempts' ? 429 : 401);
      }
      throw error;
    }
  }

  @Post('logout')
  @Public()
  async logout(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<Redirect> {
    const token = request.cookies?.[COOKIES.session];
    if (token) await this.auth.logout(token);
    reply.clearCookie(COOKIES.session, { path: '/' });
    rotateCsrfSecret(reply);
    return redirect('/', { kind: 'info', key: 'auth.loggedOut' });
  }

  @Get('invitations/:token')
  @Public()
  async invitation(@Req() request: FastifyRequest, @Param('token') token: string): Promise<Html> {
    const invitation = await this.users.findInvitation(token);
    return this.views.page(request, 'auth/invitation', { invitation, token }, { title: 'auth.invitation.title' });
  }

  @Post('invitations/:token')
  @Public()
  @RateLimit({ name: 'invitation', limit: 20, windowSeconds: 60 })
  async accept(
    @Req() request: FastifyRequest,
    @Param('token') token: string,
    @Body() body: unknown,
  ): Promise<Html | Redirect> {
    const invitation = await this.users.findInvitation(token);
    const values = cleanFormBody(body);
    if (values.password !== values.passwordConfirm) {
      return this.views.page(
        request,
        'auth/invitation',
        { invitation, token, errors: [{ field: 'passwordConfirm', reason: 'passwords do not match' }] },
        { title: 'auth.invitation.title', status: 400 },
      );
    }
    delete values.passwordConfirm;
    return handleForm({
      dto: AcceptInvitationDto,
      body: values,
      run: (dto) => this.users.acceptInvitation(token, dto.password),
      onSuccess: () => redirect('/login', { kind: 'success', key: 'auth.invitation.accepted' }),
      rerender: (errors) =>
        this.views.page(
          request,
          'auth/invitation',
          { invitation, token, errors },
          { title: 'auth.invitation.title', status: 400 },
        ),
    });
  }

  private home(request: FastifyRequest): string {
    return request.principal?.role === 'organiser' ? '/console' : '/staff';
  }
}

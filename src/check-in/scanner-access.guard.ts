import {
  applyDecorators,
  createParamDecorator,
  Inject,
  Injectable,
  UseGuards,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AuthService } from '../accounts/auth.service.js';
import { Public } from '../common/auth.decorators.js';
import { CommonError } from '../common/domain-error.js';
import type { ScanActor } from './check-in.service.js';
import { DevicesService } from './devices.service.js';

/** The cookie a paired phone keeps its device token in (HttpOnly; pages only). */
export const DEVICE_COOKIE = 'duijie_device';

declare module 'fastify' {
  interface FastifyRequest {
    scanActor?: ScanActor;
  }
}

/**
 * Who may scan at an event: organisers anywhere, staff at the events they are assigned to, and paired devices at
 * their own event (their list is enforced by the check-in service). Users come from the global access guard (bearer
 * token on the API, session cookie on pages); a device brings its own token (bearer on the API, cookie on pages).
 */
@Injectable()
export class ScannerAccessGuard implements CanActivate {
  constructor(
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(DevicesService) private readonly devices: DevicesService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const eventId = Number((request.params as Record<string, string>).eventId);
    if (!Number.isInteger(eventId) || eventId < 1) throw new CommonError('not_found');
    const principal = request.principal;
    if (principal) {
      if (!(await this.auth.canActAtEvent(principal, eventId))) throw new CommonError('forbidden');
      request.scanActor = { kind: 'user', userId: principal.userId, name: principal.name };
      return true;
    }
    const isApi = request.url.startsWith('/api/');
    const header = request.headers.authorization;
    const token = isApi
      ? header?.startsWith('Bearer ')
        ? header.slice(7).trim()
        : undefined
      : request.cookies?.[DEVICE_COOKIE];
    const device = token ? await this.devices.authenticate(token) : undefined;
    if (!device) throw new CommonError('unauthenticated');
    if (device.eventId !== eventId) throw new CommonError('forbidden');
    request.scanActor = {
      kind: 'device',
      deviceId: device.id,
      name: device.name,
      eventId: device.eventId,
      listId: device.listId,
    };
    return true;
  }
}

/** Scanning routes: signed-in organisers and assigned staff, or a paired device of the route's event (`:eventId`). */
export const ScannerAccess = () => applyDecorators(Public(), UseGuards(ScannerAccessGuard));

export const CurrentScanActor = createParamDecorator((_: unknown, context: ExecutionContext): ScanActor => {
  const actor = context.switchToHttp().getRequest<FastifyRequest>().scanActor;
  if (!actor) throw new Error('CurrentScanActor used on a route without @ScannerAccess');
  return actor;
});

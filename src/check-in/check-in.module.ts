import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module.js';
import { AgendaModule } from '../agenda/agenda.module.js';
import { BadgesModule } from '../badges/badges.module.js';
import { EventsModule } from '../events/events.module.js';
import { RegistrationModule } from '../registration/registration.module.js';
import { ArrivalsService } from './arrivals.service.js';
import { BadgePrint } from './badge-print.entity.js';
import { BadgeSheetService } from './badge-sheet.service.js';
import { CheckInDevice } from './check-in-device.entity.js';
import { CheckInList } from './check-in-list.entity.js';
import { CheckInListsService } from './check-in-lists.service.js';
import { CheckInController } from './check-in.controller.js';
import { CheckIn } from './check-in.entity.js';
import { CheckInService } from './check-in.service.js';
import { DevicesService } from './devices.service.js';
import { ScannerAccessGuard } from './scanner-access.guard.js';
import { ScannerDataService } from './scanner-data.service.js';
import { CheckInConsoleController } from './pages/check-in-console.controller.js';
import { ScannerPagesController } from './pages/scanner-pages.controller.js';
import { StaffPagesController } from './pages/staff-pages.controller.js';

/** On-site check-in: lists, scans (API, scanner page, offline sync), paired devices, badge sheets, live arrivals. */
@Module({
  imports: [
    TypeOrmModule.forFeature([CheckInList, CheckIn, CheckInDevice, BadgePrint]),
    AccountsModule,
    EventsModule,
    BadgesModule,
    RegistrationModule,
    // Check-in lists may be limited to one session.
    AgendaModule,
  ],
  controllers: [CheckInController, CheckInConsoleController, ScannerPagesController, StaffPagesController],
  providers: [
    CheckInService,
    CheckInListsService,
    ScannerDataService,
    DevicesService,
    ArrivalsService,
    BadgeSheetService,
    ScannerAccessGuard,
  ],
})
export class CheckInModule {}

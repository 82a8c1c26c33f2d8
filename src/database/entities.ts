import { AuthToken } from '../accounts/auth-token.entity.js';
import { Invitation } from '../accounts/invitation.entity.js';
import { StaffAssignment } from '../accounts/staff-assignment.entity.js';
import { User } from '../accounts/user.entity.js';
import { ScheduleVersion } from '../agenda/schedule-version.entity.js';
import { SessionPerson } from '../agenda/session-person.entity.js';
import { SessionStar } from '../agenda/session-star.entity.js';
import { Session } from '../agenda/session.entity.js';
import { Organisation } from '../directory/organisation.entity.js';
import { Person } from '../directory/person.entity.js';
import { EventOrganisation } from '../events/event-organisation.entity.js';
import { EventSeries } from '../events/event-series.entity.js';
import { Event } from '../events/event.entity.js';
import { ExhibitionZone } from '../events/exhibition-zone.entity.js';
import { Room } from '../events/room.entity.js';
import { Venue } from '../events/venue.entity.js';

/** Every entity, listed explicitly (no globs: works the same from src under jest and from dist). */
import { Badge } from '../badges/badge.entity.js';
import { BadgePrint } from '../check-in/badge-print.entity.js';
import { CheckInDevice } from '../check-in/check-in-device.entity.js';
import { CheckInList } from '../check-in/check-in-list.entity.js';
import { CheckIn } from '../check-in/check-in.entity.js';
import { EventKey } from '../badges/event-key.entity.js';
import { OutboxMessage } from '../mail/outbox-message.entity.js';
import { AttendeeCategory } from '../registration/attendee-category.entity.js';
import { RegistrationQuestion } from '../registration/registration-question.entity.js';
import { RegistrationSettings } from '../registration/registration-settings.entity.js';
import { Registration } from '../registration/registration.entity.js';
import { Setting } from '../settings/setting.entity.js';

export const ENTITIES = [
  Organisation,
  Person,
  EventSeries,
  Event,
  EventOrganisation,
  Venue,
  Room,
  ExhibitionZone,
  Session,
  User,
  AuthToken,
  Invitation,
  StaffAssignment,
  Setting,
  OutboxMessage,
  RegistrationSettings,
  AttendeeCategory,
  RegistrationQuestion,
  Registration,
  EventKey,
  Badge,
  SessionPerson,
  ScheduleVersion,
  SessionStar,
  CheckInList,
  CheckIn,
  CheckInDevice,
  BadgePrint,
];

import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsId } from '../../../common/id.js';
import { OVERRIDE_ACTIONS, type OverrideAction } from '../../recommendation-override.entity.js';
import { MEETING_OUTCOMES, type MeetingOutcome } from '../meeting.entity.js';
import { MultiLine, Omittable, SingleLine, UpdateType } from '../../../common/validation.js';

export class TableZoneDto {
  @ApiProperty({ example: 1 })
  @IsInt({ message: 'must be a table number' })
  @Min(1, { message: 'must be at least 1' })
  @Max(1000, { message: 'must be at most 1000' })
  from: number;

  @ApiProperty({ example: 10 })
  @IsInt({ message: 'must be a table number' })
  @Min(1, { message: 'must be at least 1' })
  @Max(1000, { message: 'must be at most 1000' })
  to: number;

  @ApiProperty({ example: 'A区（装备制造）' })
  @IsString()
  @SingleLine()
  @Length(1, 60, { message: 'enter a label of at most 60 characters' })
  label: string;

  @ApiPropertyOptional({ example: 'Zone A (equipment)' })
  @IsOptional()
  @IsString()
  @SingleLine()
  @Length(1, 60, { message: 'enter a label of at most 60 characters' })
  labelEn?: string;
}

export class CreateMeetingSessionDto {
  @ApiProperty({ description: 'An agenda session of kind free_negotiation' })
  @IsId()
  agendaSessionId: number;

  @ApiProperty({ example: 20, description: 'Length of one meeting slot in minutes' })
  @IsInt({ message: 'enter the slot length in whole minutes' })
  @Min(5, { message: 'a slot lasts at least 5 minutes' })
  @Max(240, { message: 'a slot lasts at most 240 minutes' })
  slotMinutes: number;

  @ApiPropertyOptional({ example: 5, description: 'Minutes between slots' })
  @Omittable()
  @IsInt({ message: 'enter whole minutes' })
  @Min(0, { message: 'must not be negative' })
  @Max(60, { message: 'at most 60 minutes' })
  breakMinutes?: number;

  @ApiProperty({ example: 20 })
  @IsInt({ message: 'enter the number of tables' })
  @Min(1, { message: 'there must be at least one table' })
  @Max(1000, { message: 'at most 1000 tables' })
  tableCount: number;

  @ApiPropertyOptional({ type: [TableZoneDto] })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => TableZoneDto)
  tableZones?: TableZoneDto[];

  @ApiPropertyOptional({ example: 5, description: 'Requests one person may have sent (pending or accepted)' })
  @Omittable()
  @IsInt({ message: 'enter a whole number' })
  @Min(1, { message: 'must be at least 1' })
  @Max(100, { message: 'must be at most 100' })
  requestCap?: number;

  @ApiPropertyOptional({ example: '2027-05-01T09:00:00+08:00' })
  @IsOptional()
  @IsISO8601({}, { message: 'must be a date and time' })
  requestsOpenAt?: string;

  @ApiPropertyOptional({ example: '2027-05-19T18:00:00+08:00', description: 'Default: the session start' })
  @IsOptional()
  @IsISO8601({}, { message: 'must be a date and time' })
  requestsCloseAt?: string;
}

export class UpdateMeetingSessionDto extends UpdateType(OmitType(CreateMeetingSessionDto, ['agendaSessionId'])) {}

export class ParticipationDto {
  @ApiProperty({ example: '磁流变减震器技术，可提供样机测试' })
  @IsString({ message: 'say what you offer' })
  @MultiLine()
  @Length(1, 500, { message: 'say what you offer in at most 500 characters' })
  offer: string;

  @ApiProperty({ example: '寻找商业航天领域的整机厂商' })
  @IsString({ message: 'say what you seek' })
  @MultiLine()
  @Length(1, 500, { message: 'say what you seek in at most 500 characters' })
  seek: string;

  @ApiPropertyOptional({ example: ['装备制造', '航空航天'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10, { message: 'at most 10 categories' })
  @IsString({ each: true })
  @SingleLine({ each: true })
  @Length(1, 40, { each: true, message: 'each category at most 40 characters' })
  categories?: string[];

  @ApiPropertyOptional({ example: [1, 2, 4], description: 'Slot numbers you are available in (default: all)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsInt({ each: true, message: 'slots are numbers' })
  @Min(1, { each: true, message: 'slots are numbered from 1' })
  availableSlots?: number[];
}

export class OrganiserParticipationDto extends ParticipationDto {
  @ApiProperty({ description: 'The confirmed registration to opt in' })
  @IsId()
  registrationId: number;
}

export class CreateMeetingRequestDto {
  @ApiProperty({ description: 'The participant asked (their participant id)' })
  @IsId()
  to: number;

  @ApiProperty({ example: '您好，我们对贵司的磁流变减震器很感兴趣，希望洽谈合作。' })
  @IsString({ message: 'write a short message' })
  @MultiLine()
  @Length(1, 1000, { message: 'write a message of at most 1000 characters' })
  message: string;

  @ApiPropertyOptional({ description: 'The achievement the request is about' })
  @IsOptional()
  @IsId()
  achievementId?: number;

  @ApiPropertyOptional({ description: 'The demand the request is about' })
  @IsOptional()
  @IsId()
  demandId?: number;
}

export class OrganiserMeetingRequestDto extends CreateMeetingRequestDto {
  @ApiProperty({ description: 'The requesting participant (the organiser acts on their behalf)' })
  @IsId()
  from: number;
}

export class AnswerRequestDto {
  @ApiProperty({ enum: ['accept', 'decline'] })
  @IsIn(['accept', 'decline'], { message: 'answer accept or decline' })
  answer: 'accept' | 'decline';
}

export class PrioritiseDto {
  @ApiProperty()
  @IsBoolean({ message: 'must be true or false' })
  prioritised: boolean;
}

export class MoveMeetingDto {
  @ApiProperty({ example: 2 })
  @IsInt({ message: 'must be a slot number' })
  @Min(1, { message: 'slots are numbered from 1' })
  slot: number;

  @ApiProperty({ example: 5 })
  @IsInt({ message: 'must be a table number' })
  @Min(1, { message: 'tables are numbered from 1' })
  table: number;
}

export class LockMeetingDto {
  @ApiProperty()
  @IsBoolean({ message: 'must be true or false' })
  locked: boolean;
}

export class PublishScheduleDto {
  @ApiProperty({ enum: ['preliminary', 'final'] })
  @IsIn(['preliminary', 'final'], { message: 'choose preliminary or final' })
  phase: 'preliminary' | 'final';
}

export class MeetingOutcomeDto {
  @ApiProperty({ enum: MEETING_OUTCOMES })
  @IsIn(MEETING_OUTCOMES, { message: 'choose held or no_show' })
  outcome: MeetingOutcome;

  @ApiPropertyOptional({ example: '双方约定下月到德阳实地考察' })
  @IsOptional()
  @IsString()
  @MultiLine()
  @Length(0, 2000, { message: 'at most 2000 characters' })
  note?: string;

  @ApiPropertyOptional({ description: 'Both sides intend to cooperate (合作意向)' })
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  intent?: boolean;
}

/** Which people recommendation: to the participant `from`, the participant `to` (participant ids of the session). */
export class PeopleRecommendationPairDto {
  @ApiProperty({ description: 'The participant the recommendation is shown to' })
  @IsId()
  from: number;

  @ApiProperty({ description: 'The participant recommended' })
  @IsId()
  to: number;
}

export class PeopleRecommendationOverrideDto extends PeopleRecommendationPairDto {
  @ApiProperty({ enum: OVERRIDE_ACTIONS, description: 'pin: shown first; hide: never shown' })
  @IsIn(OVERRIDE_ACTIONS, { message: 'choose pin or hide' })
  action: OverrideAction;
}

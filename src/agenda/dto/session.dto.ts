import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsId } from '../../common/id.js';
import { SESSION_ROLES, type SessionRole } from '../session-person.entity.js';
import { SESSION_KINDS, type SessionKind } from '../session.entity.js';
import { MultiLine, SingleLine, UpdateType } from '../../common/validation.js';

const WITH_OFFSET = /T.*(Z|[+-]\d\d:?\d\d)$/;

export class SessionPersonDto {
  @ApiPropertyOptional({
    description: 'an existing person; otherwise name (and organisation, title, email) create or find one',
  })
  @IsOptional()
  @IsId()
  personId?: number;

  @ApiPropertyOptional({ example: '潘爱华' })
  @ValidateIf((o: SessionPersonDto) => o.personId === undefined)
  @IsString()
  @SingleLine()
  @Length(1, 100)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @SingleLine()
  @Length(1, 100)
  nameEn?: string;

  @ApiPropertyOptional({ example: '国家国防科技工业局' })
  @IsOptional()
  @IsString()
  @SingleLine()
  @Length(1, 200)
  organisation?: string;

  @ApiPropertyOptional({ example: '副局长' })
  @IsOptional()
  @IsString()
  @SingleLine()
  @Length(1, 100)
  title?: string;

  @ApiPropertyOptional({ example: 'Deputy Administrator', description: 'the job title in English' })
  @IsOptional()
  @IsString()
  @SingleLine()
  @Length(1, 100)
  titleEn?: string;

  @ApiPropertyOptional({ description: 'to tell the person about changes to their sessions' })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an email address' })
  @SingleLine()
  email?: string;

  @ApiProperty({ enum: SESSION_ROLES })
  @IsIn(SESSION_ROLES, { message: `role must be one of ${SESSION_ROLES.join(', ')}` })
  role: SessionRole;
}

export class CreateSessionDto {
  @ApiProperty({ enum: SESSION_KINDS })
  @IsIn(SESSION_KINDS, { message: `kind must be one of ${SESSION_KINDS.join(', ')}` })
  kind: SessionKind;

  @ApiProperty({ example: '主旨报告' })
  @IsString()
  @SingleLine()
  @Length(1, 300)
  title: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @SingleLine()
  @Length(1, 300)
  titleEn?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MultiLine()
  @Length(1, 20000)
  description?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MultiLine()
  @Length(1, 20000)
  descriptionEn?: string;

  @ApiProperty({ example: '2027-03-05T09:30:00+08:00' })
  @IsISO8601({ strict: true }, { message: 'startsAt must be an ISO 8601 date-time' })
  @Matches(WITH_OFFSET, { message: 'startsAt must include a time and a UTC offset (Z or +08:00)' })
  startsAt: string;

  @ApiProperty({ example: '2027-03-05T10:00:00+08:00' })
  @IsISO8601({ strict: true }, { message: 'endsAt must be an ISO 8601 date-time' })
  @Matches(WITH_OFFSET, { message: 'endsAt must include a time and a UTC offset (Z or +08:00)' })
  endsAt: string;

  @ApiPropertyOptional({ description: 'a room of the event (null: no room)' })
  @IsOptional()
  @IsId()
  roomId?: number | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100000)
  capacity?: number | null;

  @ApiPropertyOptional({ type: [SessionPersonDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => SessionPersonDto)
  people?: SessionPersonDto[];
}

export class UpdateSessionDto extends UpdateType(CreateSessionDto) {}

export class ReorderDto {
  @ApiProperty({
    description: 'sessions of one room and day, in their new order; they keep their lengths',
    type: [Number],
  })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(200)
  @IsInt({ each: true })
  sessionIds: number[];
}

export class AcceptWarningDto {
  @ApiProperty({ example: 'person_overlap:8:1-2' })
  @IsString()
  @SingleLine()
  @Length(1, 200)
  key: string;
}

export class PublishDto {
  @ApiPropertyOptional({ description: 'email the affected attendees and speakers now' })
  @IsOptional()
  @IsBoolean()
  notify?: boolean;
}

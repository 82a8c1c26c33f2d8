import { IsId } from '../../common/id.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { VENUE_KINDS, type VenueKind } from '../venue.entity.js';
import { EVENT_ORGANISATION_ROLES, type EventOrganisationRole } from '../event-organisation.entity.js';
import { MultiLine, Omittable, SingleLine, UpdateType } from '../../common/validation.js';

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export class RoomDto {
  @ApiProperty({ example: '主会场大厅' })
  @IsString()
  @SingleLine()
  @Length(1, 200)
  name: string;

  @ApiPropertyOptional({ example: 'Main hall' })
  @IsOptional()
  @IsString()
  @SingleLine()
  @Length(1, 200)
  nameEn?: string;

  @ApiPropertyOptional({ example: 300 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100000)
  capacity?: number;

  @ApiPropertyOptional({
    example: '2027-03-05T13:00:00+08:00',
    description: 'from when the room can be used (absent: all event)',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'availableFrom must be an ISO 8601 date-time' })
  availableFrom?: string | null;

  @ApiPropertyOptional({ example: '2027-03-05T18:00:00+08:00', description: 'until when the room can be used' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'availableUntil must be an ISO 8601 date-time' })
  availableUntil?: string | null;
}

export class UpdateRoomDto extends UpdateType(RoomDto) {}

export class VenueDto {
  @ApiProperty({ example: '主会场' })
  @IsString()
  @SingleLine()
  @Length(1, 200)
  name: string;

  @ApiPropertyOptional({ example: 'Main venue' })
  @IsOptional()
  @IsString()
  @SingleLine()
  @Length(1, 200)
  nameEn?: string;

  @ApiProperty({ enum: VENUE_KINDS, description: 'main (主会场) or sub (分会场)' })
  @IsIn(VENUE_KINDS, { message: 'kind must be main or sub' })
  kind: VenueKind;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @SingleLine()
  @Length(1, 300)
  address?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @SingleLine()
  @Length(1, 300)
  addressEn?: string;

  @ApiPropertyOptional({ type: [RoomDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => RoomDto)
  rooms?: RoomDto[];
}

export class UpdateVenueDto extends UpdateType(VenueDto) {}

export class ZoneDto {
  @ApiProperty({ example: '先进技术成果展区' })
  @IsString()
  @SingleLine()
  @Length(1, 200)
  name: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @SingleLine()
  @Length(1, 200)
  nameEn?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MultiLine()
  @Length(1, 5000)
  description?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MultiLine()
  @Length(1, 5000)
  descriptionEn?: string;
}

export class UpdateZoneDto extends UpdateType(ZoneDto) {}

export class EventOrganisationDto {
  @ApiProperty()
  @IsId()
  organisationId: number;

  @ApiProperty({ enum: EVENT_ORGANISATION_ROLES, description: 'host 主办, organiser 承办, supporter 协办' })
  @IsIn(EVENT_ORGANISATION_ROLES, { message: 'role must be host, organiser or supporter' })
  role: EventOrganisationRole;
}

export class SetEventOrganisationsDto {
  @ApiProperty({ type: [EventOrganisationDto] })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => EventOrganisationDto)
  organisations: EventOrganisationDto[];
}

export class CreateEventDto {
  @ApiPropertyOptional({
    example: 'chengdu-metro-2026',
    description: 'URL slug: lower-case letters, digits and hyphens; absent: proposed from the title in pinyin',
  })
  @Omittable()
  @IsString()
  @SingleLine()
  @Length(3, 80)
  @Matches(SLUG_PATTERN, { message: 'slug may contain only lower-case letters, digits and single hyphens' })
  slug?: string;

  @ApiProperty({ example: '成都都市圈先进技术成果转化推介活动' })
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

  @ApiPropertyOptional({
    example: '成都都市圈成果转化推介活动',
    description: 'short title (简称) for email subjects, badges and narrow screens',
  })
  @IsOptional()
  @IsString()
  @SingleLine()
  @Length(1, 60)
  shortTitle?: string;

  @ApiPropertyOptional({ example: 'Chengdu Metro Tech Transfer Showcase' })
  @IsOptional()
  @IsString()
  @SingleLine()
  @Length(1, 80)
  shortTitleEn?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @SingleLine()
  @Length(1, 300)
  theme?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @SingleLine()
  @Length(1, 300)
  themeEn?: string;

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

  @ApiPropertyOptional()
  @IsOptional()
  @IsId()
  seriesId?: number;

  @ApiPropertyOptional({ example: 19 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10000)
  edition?: number;

  @ApiProperty({ example: '2026-12-05T01:00:00Z', description: 'ISO 8601 with a UTC offset' })
  @IsISO8601({ strict: true }, { message: 'startsAt must be an ISO 8601 date-time' })
  @Matches(/T.*(Z|[+-]\d\d:?\d\d)$/, { message: 'startsAt must include a time and a UTC offset (Z or +08:00)' })
  startsAt: string;

  @ApiProperty({ example: '2026-12-06T09:30:00Z', description: 'ISO 8601 with a UTC offset' })
  @IsISO8601({ strict: true }, { message: 'endsAt must be an ISO 8601 date-time' })
  @Matches(/T.*(Z|[+-]\d\d:?\d\d)$/, { message: 'endsAt must include a time and a UTC offset (Z or +08:00)' })
  endsAt: string;

  @ApiPropertyOptional({ example: 'Asia/Shanghai' })
  @IsOptional()
  @IsString()
  @SingleLine()
  @Length(1, 64)
  timezone?: string;

  @ApiPropertyOptional({ type: [VenueDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => VenueDto)
  venues?: VenueDto[];

  @ApiPropertyOptional({ type: [ZoneDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ZoneDto)
  zones?: ZoneDto[];

  @ApiPropertyOptional({ type: [EventOrganisationDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => EventOrganisationDto)
  organisations?: EventOrganisationDto[];
}

export class UpdateEventDto extends UpdateType(CreateEventDto) {}

export class ListEventsQueryDto {
  @ApiPropertyOptional({
    enum: ['published', 'draft', 'closed', 'all'],
    description: 'other than published: organisers only',
  })
  @IsOptional()
  @IsIn(['published', 'draft', 'closed', 'all'])
  status?: 'published' | 'draft' | 'closed' | 'all';
}

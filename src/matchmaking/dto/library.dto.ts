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
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { MAX_ID } from '../../common/id.js';
import { ORGANISATION_KINDS, type OrganisationKind } from '../../directory/organisation.entity.js';
import { MATURITIES, TRANSFER_MODES, type Maturity, type TransferMode } from '../achievement.entity.js';
import { MultiLine, Omittable, SingleLine, UpdateType } from '../../common/validation.js';

const PHONE = /^\+?[0-9][0-9 ()-]{4,30}$/;
const CODE = /^[a-z0-9][a-z0-9_-]{0,39}$/;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** Who to contact about an item: a person of the directory, found by email (or by name in the organisation). */
class ContactFields {
  @ApiPropertyOptional({ example: '李工' })
  @IsOptional()
  @IsString()
  @SingleLine()
  @Length(1, 100, { message: 'contactName must be 1 to 100 characters' })
  contactName?: string;

  @ApiPropertyOptional({ example: 'li@example.cn' })
  @IsOptional()
  @IsEmail({}, { message: 'contactEmail must be an email address' })
  @Length(3, 254)
  @SingleLine()
  contactEmail?: string;

  @ApiPropertyOptional({ example: '+86 28 8888 0000' })
  @IsOptional()
  @IsString()
  @SingleLine()
  @Matches(PHONE, { message: 'contactPhone may hold digits, spaces, +, - and parentheses' })
  contactPhone?: string;
}

export class CreateAchievementDto extends ContactFields {
  @ApiProperty({ example: '磁流变减震器' })
  @IsString()
  @SingleLine()
  @Length(1, 200, { message: 'title must be 1 to 200 characters' })
  title: string;

  @ApiPropertyOptional({ example: 'Magnetorheological damper' })
  @Omittable()
  @IsString()
  @SingleLine()
  @Length(1, 300)
  titleEn?: string;

  @ApiProperty()
  @IsString()
  @MultiLine()
  @Length(1, 4000, { message: 'summary must be 1 to 4000 characters' })
  summary: string;

  @ApiProperty({ description: 'a category code (GET /api/match-categories)', example: 'equipment' })
  @IsString()
  @SingleLine()
  @Matches(CODE, { message: 'category must be a category code' })
  category: string;

  @ApiProperty({ enum: MATURITIES })
  @IsIn(MATURITIES, { message: `maturity must be one of ${MATURITIES.join(', ')}` })
  maturity: Maturity;

  @ApiProperty({ enum: TRANSFER_MODES, isArray: true })
  @IsArray()
  @ArrayMinSize(1, { message: 'transferModes must name at least one mode' })
  @ArrayMaxSize(TRANSFER_MODES.length)
  @IsIn(TRANSFER_MODES, { each: true, message: `transferModes must be among ${TRANSFER_MODES.join(', ')}` })
  transferModes: TransferMode[];

  @ApiProperty({
    description: 'the owner organisation’s name (reused when it exists)',
    example: '重庆武瓴智行科技有限公司',
  })
  @IsString()
  @SingleLine()
  @Length(1, 200, { message: 'owner must be 1 to 200 characters' })
  owner: string;

  @ApiPropertyOptional({ enum: ORGANISATION_KINDS, description: 'the kind of a new owner organisation' })
  @IsOptional()
  @IsIn(ORGANISATION_KINDS)
  ownerKind?: OrganisationKind;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20, { message: 'at most 20 keywords' })
  @IsString({ each: true })
  @SingleLine({ each: true })
  @Length(1, 40, { each: true, message: 'each keyword must be 1 to 40 characters' })
  keywords?: string[];

  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @MultiLine()
  @Length(0, 2000)
  patents?: string;

  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @MultiLine()
  @Length(0, 2000)
  cooperationSought?: string;
}

export class UpdateAchievementDto extends UpdateType(CreateAchievementDto) {}

export class CreateDemandDto extends ContactFields {
  @ApiProperty({ example: '高精度减震装置' })
  @IsString()
  @SingleLine()
  @Length(1, 200, { message: 'title must be 1 to 200 characters' })
  title: string;

  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @SingleLine()
  @Length(1, 300)
  titleEn?: string;

  @ApiProperty()
  @IsString()
  @MultiLine()
  @Length(1, 4000, { message: 'description must be 1 to 4000 characters' })
  description: string;

  @ApiProperty({ example: 'equipment' })
  @IsString()
  @SingleLine()
  @Matches(CODE, { message: 'category must be a category code' })
  category: string;

  @ApiProperty({ description: 'the publishing city government or enterprise', example: '资阳市经济和信息化局' })
  @IsString()
  @SingleLine()
  @Length(1, 200, { message: 'publisher must be 1 to 200 characters' })
  publisher: string;

  @ApiPropertyOptional({ enum: ORGANISATION_KINDS })
  @IsOptional()
  @IsIn(ORGANISATION_KINDS)
  publisherKind?: OrganisationKind;

  @ApiPropertyOptional({ example: '资阳' })
  @Omittable()
  @IsString()
  @SingleLine()
  @Length(1, 50)
  city?: string;

  @ApiPropertyOptional({ description: '万元' })
  @IsOptional()
  @IsInt({ message: 'budgetMin must be a whole number of 万元' })
  @Min(0)
  @Max(100_000_000)
  budgetMin?: number;

  @ApiPropertyOptional({ description: '万元' })
  @IsOptional()
  @IsInt({ message: 'budgetMax must be a whole number of 万元' })
  @Min(0)
  @Max(100_000_000)
  budgetMax?: number;

  @ApiPropertyOptional({ example: '2026-12-31' })
  @IsOptional()
  @Matches(DATE, { message: 'deadline must be a date YYYY-MM-DD' })
  deadline?: string;

  @ApiPropertyOptional({ description: '揭榜挂帅: solvers may bid' })
  @Omittable()
  @IsBoolean()
  openCall?: boolean;
}

export class UpdateDemandDto extends UpdateType(CreateDemandDto) {}

export class CreateBidDto {
  @ApiProperty({ example: '四川恒麓电气科技有限公司' })
  @IsString()
  @SingleLine()
  @Length(1, 200, { message: 'organisation must be 1 to 200 characters' })
  organisation: string;

  @ApiProperty()
  @IsString()
  @MultiLine()
  @Length(1, 4000, { message: 'approach must be 1 to 4000 characters' })
  approach: string;

  @ApiProperty()
  @IsString()
  @SingleLine()
  @Length(1, 100)
  contactName: string;

  @ApiProperty()
  @IsEmail({}, { message: 'contactEmail must be an email address' })
  @Length(3, 254)
  @SingleLine()
  contactEmail: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @SingleLine()
  @Matches(PHONE, { message: 'contactPhone may hold digits, spaces, +, - and parentheses' })
  contactPhone?: string;

  @ApiPropertyOptional({ description: 'an attendee’s personal-link token (/me/<token>); not needed for organisers' })
  @IsOptional()
  @IsString()
  @SingleLine()
  @Length(1, 100)
  token?: string;
}

export class ListLibraryQueryDto {
  @ApiPropertyOptional({ description: 'search words (Chinese, English, numbers)' })
  @IsOptional()
  @IsString()
  @SingleLine()
  @Length(0, 200)
  q?: string;

  @ApiPropertyOptional({ description: 'a category code' })
  @IsOptional()
  @IsString()
  @SingleLine()
  @Matches(CODE, { message: 'category must be a category code' })
  category?: string;

  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'page must be a whole number' })
  @Min(1)
  @Max(100_000)
  page?: number;

  @ApiPropertyOptional({ default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'pageSize must be a whole number' })
  @Min(1)
  @Max(200)
  pageSize?: number;
}

export class ListingsDto {
  @ApiProperty({ type: [Number], description: 'item ids, added in this order after the list’s last item' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5000)
  @IsInt({ each: true, message: 'ids must be item ids' })
  @Min(1, { each: true })
  @Max(MAX_ID, { each: true })
  ids: number[];

  @ApiPropertyOptional({ example: '成都都市圈重点产业成果清单' })
  @IsOptional()
  @IsString()
  @SingleLine()
  @Length(1, 200)
  listName?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @SingleLine()
  @Length(1, 300)
  listNameEn?: string;
}

export class ListingOrderDto {
  @ApiProperty({ type: [Number], description: 'the list’s item ids in their new order' })
  @IsArray()
  @ArrayMaxSize(5000)
  @IsInt({ each: true, message: 'ids must be item ids' })
  @Min(1, { each: true })
  @Max(MAX_ID, { each: true })
  ids: number[];
}

export class AddListingDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @SingleLine()
  @Length(1, 200)
  listName?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @SingleLine()
  @Length(1, 300)
  listNameEn?: string;
}

export class MatchCategoryDto {
  @ApiProperty({ example: 'agriculture' })
  @Matches(CODE, { message: 'code must be lower-case letters, digits, - or _' })
  code: string;

  @ApiProperty({ example: '现代农业' })
  @IsString()
  @SingleLine()
  @Length(1, 60)
  name: string;

  @ApiPropertyOptional({ example: 'Modern agriculture' })
  @IsOptional()
  @IsString()
  @SingleLine()
  @Length(1, 100)
  nameEn?: string;
}

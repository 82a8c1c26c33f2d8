import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  Equals,
  IsArray,
  IsBoolean,
  IsEmail,
  IsHexColor,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  IsNotIn,
  ValidateNested,
} from 'class-validator';
import { RESERVED_KEYS } from '../../common/dict.js';
import { IsId } from '../../common/id.js';
import { ORGANISATION_KINDS, type OrganisationKind } from '../../directory/organisation.entity.js';
import { APPROVAL_MODES, type ApprovalMode } from '../attendee-category.entity.js';
import { QUESTION_KINDS, type QuestionKind } from '../registration-question.entity.js';
import { REGISTRATION_STATUSES, type Answers, type RegistrationStatus } from '../registration.entity.js';
import { MultiLine, Omittable, SingleLine, UpdateType } from '../../common/validation.js';

export const PHONE = /^\+?[0-9][0-9 ()-]{4,30}$/;
const CODE = /^[a-z0-9][a-z0-9_-]{0,39}$/;

export class CreateRegistrationDto {
  @ApiProperty({ example: '王敏' })
  @IsString({ message: 'enter a name' })
  @SingleLine()
  @Length(1, 100, { message: 'enter a name of at most 100 characters' })
  name: string;

  @ApiProperty({ example: 'wang.min@example.cn' })
  @IsEmail({}, { message: 'email must be an email address' })
  @Length(3, 254, { message: 'enter an email address of at most 254 characters' })
  @SingleLine()
  email: string;

  @ApiPropertyOptional({ example: '+86 138 0000 0000' })
  @IsOptional()
  @IsString()
  @SingleLine()
  @Matches(PHONE, { message: 'phone must be a phone number (digits, spaces, +, -, parentheses)' })
  phone?: string;

  @ApiProperty({ example: '重庆武瓴智行科技有限公司' })
  @IsString({ message: 'enter an organisation' })
  @SingleLine()
  @Length(1, 200, { message: 'enter an organisation of at most 200 characters' })
  organisation: string;

  @ApiPropertyOptional({ example: '总经理' })
  @IsOptional()
  @IsString({ message: 'enter a job title' })
  @SingleLine()
  @Length(1, 100, { message: 'enter a job title of at most 100 characters' })
  title?: string;

  @ApiPropertyOptional({
    example: 'enterprise',
    description: 'the code of an attendee category of the event; may be left out when the form offers only one',
  })
  @IsOptional()
  @IsString({ message: 'choose an attendee category' })
  @SingleLine()
  @Length(1, 40, { message: 'choose an attendee category' })
  category?: string;

  @ApiPropertyOptional({ example: { industries: ['aerospace'], offer: '磁流变减震器' } })
  @IsOptional()
  @IsObject()
  answers?: Answers;

  @ApiPropertyOptional({ enum: ['zh-CN', 'en'] })
  @IsOptional()
  @IsIn(['zh-CN', 'en'], { message: 'locale must be zh-CN or en' })
  locale?: 'zh-CN' | 'en';

  @ApiProperty({ description: 'consent to the processing of personal information; must be true' })
  @Equals(true, { message: 'consent must be given (true)' })
  consent: boolean;
}

/** What an attendee may change on their personal page (until the event starts). */
export class UpdateOwnRegistrationDto {
  @Omittable()
  @IsString()
  @SingleLine()
  @Length(1, 100)
  name?: string;

  @IsOptional()
  @IsString()
  @SingleLine()
  @Matches(PHONE, { message: 'phone must be a phone number (digits, spaces, +, -, parentheses)' })
  phone?: string;

  @Omittable()
  @IsString()
  @SingleLine()
  @Length(1, 200)
  organisation?: string;

  @IsOptional()
  @IsString()
  @SingleLine()
  @Length(1, 100)
  title?: string;

  @Omittable()
  @IsIn(['zh-CN', 'en'], { message: 'locale must be zh-CN or en' })
  locale?: 'zh-CN' | 'en';

  @Omittable()
  @IsObject()
  answers?: Answers;
}

export class OrganiserUpdateRegistrationDto extends UpdateOwnRegistrationDto {
  @ApiPropertyOptional({ description: 'category code: a change re-issues the badge' })
  @Omittable()
  @IsString()
  @SingleLine()
  @Length(1, 40)
  category?: string;
}

export class DecisionDto {
  @ApiPropertyOptional({ description: 'told to the attendee by email' })
  @IsOptional()
  @IsString()
  @MultiLine()
  @Length(1, 500)
  reason?: string;
}

export class ListRegistrationsQueryDto {
  @IsOptional()
  @IsIn(REGISTRATION_STATUSES)
  status?: RegistrationStatus;

  @IsOptional()
  @IsString()
  @SingleLine()
  @Length(1, 40)
  category?: string;

  @IsOptional()
  @IsString()
  @SingleLine()
  @Length(1, 200)
  organisation?: string;

  @ApiPropertyOptional({ description: 'name, email, phone or organisation contains' })
  @IsOptional()
  @IsString()
  @SingleLine()
  @Length(1, 200)
  q?: string;
}

export class RegistrationSettingsDto {
  @ApiPropertyOptional({ description: 'ISO 8601; absent: open now' })
  @IsOptional()
  @IsISO8601({ strict: true })
  opensAt?: string | null;

  @ApiPropertyOptional({ description: 'ISO 8601; absent: open until the event ends' })
  @IsOptional()
  @IsISO8601({ strict: true })
  closesAt?: string | null;

  @ApiPropertyOptional({ description: 'overall seats; null for none' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  capacity?: number | null;

  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @MultiLine()
  @Length(1, 5000)
  consentText?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MultiLine()
  @Length(1, 5000)
  consentTextEn?: string;
}

export class CategoryDto {
  @ApiProperty({ example: 'enterprise' })
  @IsString()
  @SingleLine()
  @Matches(CODE, { message: 'code may contain lower-case letters, digits, - and _' })
  code: string;

  @ApiProperty({ example: '企业代表' })
  @IsString()
  @SingleLine()
  @Length(1, 100)
  name: string;

  @ApiPropertyOptional({ example: 'Enterprise' })
  @IsOptional()
  @IsString()
  @SingleLine()
  @Length(1, 100)
  nameEn?: string;

  @ApiPropertyOptional({ description: 'seats; absent or null: unlimited' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  capacity?: number | null;

  @ApiPropertyOptional({ enum: APPROVAL_MODES })
  @Omittable()
  @IsIn(APPROVAL_MODES, { message: 'approval must be automatic or review' })
  approval?: ApprovalMode;

  @ApiPropertyOptional({ example: '#b3261e' })
  @Omittable()
  @IsHexColor()
  @Length(7, 7)
  colour?: string;

  @ApiPropertyOptional({ description: 'offered on the public form (false: organisers invite only)' })
  @Omittable()
  @IsBoolean()
  publicForm?: boolean;

  @ApiPropertyOptional({ enum: ORGANISATION_KINDS, description: 'kind given to new organisations of this category' })
  @Omittable()
  @IsIn(ORGANISATION_KINDS)
  organisationKind?: OrganisationKind;
}

export class UpdateCategoryDto extends UpdateType(CategoryDto) {}

export class QuestionOptionDto {
  @IsString()
  @SingleLine()
  @Length(1, 60)
  value: string;

  @IsString()
  @SingleLine()
  @Length(1, 200)
  label: string;

  @IsOptional()
  @IsString()
  @SingleLine()
  @Length(1, 200)
  labelEn?: string;
}

export class QuestionDto {
  @ApiProperty({ example: 'industries' })
  @IsString()
  @SingleLine()
  @Matches(CODE, { message: 'code may contain lower-case letters, digits, - and _' })
  @IsNotIn(RESERVED_KEYS, {
    message: 'code may not be constructor or prototype (an answer could not be sent under it)',
  })
  code: string;

  @ApiProperty({ enum: QUESTION_KINDS })
  @IsIn(QUESTION_KINDS, { message: 'kind must be text, single or multiple' })
  kind: QuestionKind;

  @ApiProperty({ example: '关注的产业领域' })
  @IsString()
  @SingleLine()
  @Length(1, 300)
  label: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @SingleLine()
  @Length(1, 300)
  labelEn?: string;

  @ApiPropertyOptional({ type: [QuestionOptionDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => QuestionOptionDto)
  options?: QuestionOptionDto[];

  @ApiPropertyOptional()
  @Omittable()
  @IsBoolean()
  required?: boolean;
}

export class UpdateQuestionDto extends UpdateType(QuestionDto) {}

export class RegistrationIdParam {
  @IsId()
  id: number;
}

export class CancelEventDto {
  @ApiPropertyOptional({ description: 'told to every attendee by email, and shown on the event’s page' })
  @IsOptional()
  @IsString()
  @MultiLine()
  @Length(1, 500)
  reason?: string;
}

import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
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
  ValidateBy,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import { IsId, MAX_ID } from '../../common/id.js';
import { INTENT_STAGES, isCalendarDay, type IntentStage } from '../domain/stages.js';
import {
  DROP_REASONS,
  INTENT_KINDS,
  SUBJECT_KINDS,
  type DropReason,
  type IntentKind,
  type SubjectKind,
} from '../intent.entity.js';
import { MultiLine, Omittable, SingleLine, UpdateType } from '../../common/validation.js';

/** A calendar day "YYYY-MM-DD" that exists. */
export function IsCalendarDay(options: ValidationOptions = {}) {
  return ValidateBy(
    {
      name: 'isCalendarDay',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isCalendarDay(value),
        defaultMessage: () => 'must be a date (YYYY-MM-DD)',
      },
    },
    options,
  );
}

export const MAX_VALUE_WAN = 100_000_000;

export class PartyDto {
  @ApiPropertyOptional({ description: 'A directory organisation (or give `organisation` by name)' })
  @Omittable()
  @IsId()
  organisationId?: number;

  @ApiPropertyOptional({ example: '四川恒麓电气科技有限公司', description: 'found or added in the directory by name' })
  @Omittable()
  @IsString()
  @Length(1, 200, { message: 'an organisation name of at most 200 characters' })
  @SingleLine()
  organisation?: string;

  @ApiPropertyOptional({ description: 'A directory person as the contact (or give the contact by name)' })
  @Omittable()
  @IsId()
  contactPersonId?: number;

  @ApiPropertyOptional({ example: '罗文斌' })
  @Omittable()
  @IsString()
  @Length(1, 100, { message: 'a name of at most 100 characters' })
  @SingleLine()
  contactName?: string;

  @ApiPropertyOptional({ example: 'luo@henglu.example.cn' })
  @Omittable()
  @IsEmail({}, { message: 'must be an email address' })
  @Length(3, 254)
  @SingleLine()
  contactEmail?: string;

  @ApiPropertyOptional({ example: '+86 28 8888 0000' })
  @Omittable()
  @IsString()
  @Length(1, 40, { message: 'a phone number of at most 40 characters' })
  @SingleLine()
  contactPhone?: string;
}

/** An owner: an organiser's account (`userId`), or an organisation (a city office) with a contact person. */
export class OwnerDto {
  @ApiPropertyOptional({ description: 'An organiser account' })
  @Omittable()
  @IsId()
  userId?: number;

  @ApiPropertyOptional({ description: 'An organisation (city office)' })
  @Omittable()
  @IsId()
  organisationId?: number;

  @ApiPropertyOptional({ example: '中共德阳市委军民融合发展委员会办公室' })
  @Omittable()
  @IsString()
  @Length(1, 200)
  @SingleLine()
  organisation?: string;

  @ApiPropertyOptional()
  @Omittable()
  @IsId()
  contactPersonId?: number;

  @ApiPropertyOptional({ example: '李明' })
  @Omittable()
  @IsString()
  @Length(1, 100)
  @SingleLine()
  contactName?: string;

  @ApiPropertyOptional({ example: 'liming@deyang.example.gov.cn' })
  @Omittable()
  @IsEmail({}, { message: 'must be an email address' })
  @Length(3, 254)
  @SingleLine()
  contactEmail?: string;

  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @Length(1, 40)
  @SingleLine()
  contactPhone?: string;
}

export class CreateIntentDto {
  @ApiProperty({ example: '小水电站变速恒频技术改造合作' })
  @IsString({ message: 'give the intent a title' })
  @Length(1, 300, { message: 'a title of 1 to 300 characters' })
  @SingleLine()
  title: string;

  @ApiProperty({ enum: INTENT_KINDS })
  @IsIn(INTENT_KINDS, { message: `kind must be one of ${INTENT_KINDS.join(', ')}` })
  kind: IntentKind;

  @ApiPropertyOptional({ enum: SUBJECT_KINDS, default: 'free_text' })
  @Omittable()
  @IsIn(SUBJECT_KINDS, { message: `subjectKind must be one of ${SUBJECT_KINDS.join(', ')}` })
  subjectKind?: SubjectKind;

  @ApiPropertyOptional({ description: 'The achievement, demand, roadshow project, meeting or agreement' })
  @Omittable()
  @IsId()
  subjectId?: number;

  @ApiPropertyOptional({
    example: '恒麓电气的变速恒频技术在雅安两座小水电站试点',
    description: 'null (or empty) clears it on an edit',
  })
  @IsOptional()
  @IsString()
  @Length(0, 2000, { message: 'at most 2000 characters' })
  @MultiLine()
  subjectText?: string | null;

  @ApiPropertyOptional({ example: 300, description: '万元' })
  @IsOptional()
  @IsInt({ message: 'a whole number of 万元' })
  @Min(0, { message: 'must not be negative' })
  @Max(MAX_VALUE_WAN)
  valueWan?: number | null;

  @ApiPropertyOptional({ description: 'The event where it arose (absent: between events)' })
  @IsOptional()
  @IsId()
  eventId?: number | null;

  @ApiPropertyOptional({ example: 'new_energy', description: 'A match category code' })
  @IsOptional()
  @IsString()
  @Length(1, 40)
  @SingleLine()
  category?: string | null;

  @ApiPropertyOptional({ example: '雅安' })
  @IsOptional()
  @IsString()
  @Length(1, 60, { message: 'at most 60 characters' })
  @SingleLine()
  city?: string | null;

  @ApiProperty({ type: [PartyDto], description: 'Two or more organisations with their contacts' })
  @IsArray()
  @ArrayMinSize(2, { message: 'an intent has at least two parties' })
  @ArrayMaxSize(10, { message: 'at most 10 parties' })
  @ValidateNested({ each: true })
  @Type(() => PartyDto)
  parties: PartyDto[];

  @ApiPropertyOptional({ type: OwnerDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => OwnerDto)
  owner?: OwnerDto | null;

  @ApiPropertyOptional({ example: '2027-01-15' })
  @IsOptional()
  @IsCalendarDay()
  nextFollowUpOn?: string | null;

  @ApiPropertyOptional({ description: 'A note for the first entry of the history' })
  @Omittable()
  @IsString()
  @Length(0, 2000)
  @MultiLine()
  note?: string;
}

export class UpdateIntentDto extends UpdateType(
  PickType(CreateIntentDto, [
    'title',
    'kind',
    'subjectText',
    'valueWan',
    'eventId',
    'category',
    'city',
    'owner',
    'nextFollowUpOn',
  ] as const),
) {}

export class ChangeStageDto {
  @ApiProperty({ enum: INTENT_STAGES })
  @IsIn(INTENT_STAGES, { message: `stage must be one of ${INTENT_STAGES.join(', ')}` })
  stage: IntentStage;

  @ApiPropertyOptional({ example: '双方完成技术方案评审，进入商务洽谈' })
  @Omittable()
  @IsString()
  @Length(0, 2000, { message: 'at most 2000 characters' })
  @MultiLine()
  note?: string;

  @ApiPropertyOptional({ description: 'This entry corrects the one that put the intent at its current stage' })
  @Omittable()
  @IsBoolean({ message: 'must be true or false' })
  correction?: boolean;

  @ApiPropertyOptional({ example: '资阳市临空经济区' })
  @Omittable()
  @IsString()
  @Length(1, 200, { message: 'a place of at most 200 characters' })
  @SingleLine()
  landedPlace?: string;

  @ApiPropertyOptional({ example: '2027-03-01' })
  @Omittable()
  @IsCalendarDay()
  landedOn?: string;

  @ApiPropertyOptional({ enum: DROP_REASONS })
  @Omittable()
  @IsIn(DROP_REASONS, { message: `droppedReason must be one of ${DROP_REASONS.join(', ')}` })
  droppedReason?: DropReason;

  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @Length(0, 2000)
  @MultiLine()
  droppedNote?: string;

  @ApiPropertyOptional({ example: '2027-02-01', description: 'Also set the next follow-up date' })
  @IsOptional()
  @IsCalendarDay()
  nextFollowUpOn?: string | null;
}

export class FollowUpDto {
  @ApiProperty({ example: '2027-01-10' })
  @IsCalendarDay()
  happenedOn: string;

  @ApiProperty({ example: '电话沟通：对方确认下周到雅安现场考察' })
  @IsString({ message: 'write what happened' })
  @Length(1, 5000, { message: 'a note of 1 to 5000 characters' })
  @MultiLine()
  note: string;

  @ApiPropertyOptional({ example: '2027-01-20', description: 'The next follow-up date' })
  @IsOptional()
  @IsCalendarDay()
  nextFollowUpOn?: string | null;
}

export class BulkOwnerDto {
  @ApiProperty({ example: [1, 2, 3] })
  @IsArray()
  @ArrayMinSize(1, { message: 'choose at least one intent' })
  @ArrayMaxSize(500, { message: 'at most 500 intents at once' })
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(MAX_ID, { each: true })
  ids: number[];

  @ApiPropertyOptional({ type: OwnerDto, nullable: true, description: 'null: no owner' })
  @IsOptional()
  @ValidateNested()
  @Type(() => OwnerDto)
  owner: OwnerDto | null;
}

const toBool = ({ value }: { value: unknown }) =>
  value === 'true' || value === true ? true : value === 'false' || value === false ? false : value;

export class ListIntentsQueryDto {
  @ApiPropertyOptional()
  @Omittable()
  @Type(() => Number)
  @IsId()
  eventId?: number;

  @ApiPropertyOptional()
  @Omittable()
  @Type(() => Number)
  @IsId()
  seriesId?: number;

  @ApiPropertyOptional({ example: 'user:1', description: 'user:<id>, organisation:<id> or none' })
  @Omittable()
  @Matches(/^(user:\d{1,10}|organisation:\d{1,10}|none)$/, {
    message: 'owner must be user:<id>, organisation:<id> or none',
  })
  owner?: string;

  @ApiPropertyOptional({ example: '德阳' })
  @Omittable()
  @IsString()
  @Length(1, 60)
  @SingleLine()
  city?: string;

  @ApiPropertyOptional({ example: 'new_energy' })
  @Omittable()
  @IsString()
  @Length(1, 40)
  @SingleLine()
  category?: string;

  @ApiPropertyOptional({ enum: INTENT_STAGES })
  @Omittable()
  @IsIn(INTENT_STAGES, { message: `stage must be one of ${INTENT_STAGES.join(', ')}` })
  stage?: IntentStage;

  @ApiPropertyOptional({ enum: INTENT_KINDS })
  @Omittable()
  @IsIn(INTENT_KINDS, { message: `kind must be one of ${INTENT_KINDS.join(', ')}` })
  kind?: IntentKind;

  @ApiPropertyOptional({ description: 'Only open intents whose follow-up date has passed' })
  @Omittable()
  @Transform(toBool)
  @IsBoolean({ message: 'overdue must be true or false' })
  overdue?: boolean;

  @ApiPropertyOptional({ description: 'Words of the title' })
  @Omittable()
  @IsString()
  @Length(1, 100)
  @SingleLine()
  q?: string;

  @ApiPropertyOptional({ default: 1 })
  @Omittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  page?: number;

  @ApiPropertyOptional({ default: 50 })
  @Omittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500, { message: 'pageSize is at most 500' })
  pageSize?: number;
}

export class FunnelQueryDto {
  @ApiPropertyOptional()
  @Omittable()
  @Type(() => Number)
  @IsId()
  eventId?: number;

  @ApiPropertyOptional()
  @Omittable()
  @Type(() => Number)
  @IsId()
  seriesId?: number;
}

export class IntentSettingsDto {
  @ApiProperty({ example: 14, description: 'Days without activity before the owner is reminded (0: never)' })
  @IsInt({ message: 'a whole number of days' })
  @Min(0, { message: 'must not be negative' })
  @Max(365, { message: 'at most 365 days' })
  idleDays: number;
}

export class ProposeIntentDto {
  @ApiProperty({ example: '磁流变减震座椅用于医疗转运车辆' })
  @IsString({ message: 'give the intent a title' })
  @Length(1, 300, { message: 'a title of 1 to 300 characters' })
  @SingleLine()
  title: string;

  @ApiProperty({ enum: INTENT_KINDS })
  @IsIn(INTENT_KINDS, { message: `kind must be one of ${INTENT_KINDS.join(', ')}` })
  kind: IntentKind;

  @ApiPropertyOptional({ description: '万元' })
  @Omittable()
  @IsInt({ message: 'a whole number of 万元' })
  @Min(0, { message: 'must not be negative' })
  @Max(MAX_VALUE_WAN)
  valueWan?: number;

  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @Length(0, 2000, { message: 'at most 2000 characters' })
  @MultiLine()
  note?: string;
}

export class AnswerProposalDto {
  @ApiProperty({ example: 'K7P3QX' })
  @IsString()
  @Matches(/^[A-Za-z0-9]{6}$/, { message: 'the code has 6 letters and digits' })
  @SingleLine()
  code: string;

  @ApiProperty({ enum: ['confirm', 'decline'] })
  @IsIn(['confirm', 'decline'], { message: 'answer confirm or decline' })
  answer: 'confirm' | 'decline';
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsId, MAX_ID } from '../../common/id.js';
import { MATURITIES, type Maturity } from '../../matchmaking/achievement.entity.js';
import { LEAD_KINDS, type LeadKind } from '../roadshow-lead.entity.js';
import { PROJECT_SEEKS, type ProjectSeek } from '../roadshow-project.entity.js';
import { MultiLine, Omittable, SingleLine, UpdateType } from '../../common/validation.js';

export class CreateRoadshowDto {
  @ApiProperty({ description: 'An agenda session of kind roadshow' })
  @IsId()
  agendaSessionId: number;

  @ApiPropertyOptional({ example: 1, description: 'Minutes between two projects' })
  @Omittable()
  @IsInt({ message: 'enter whole minutes' })
  @Min(0, { message: 'must not be negative' })
  @Max(30, { message: 'at most 30 minutes' })
  changeoverMinutes?: number;
}

export class UpdateRoadshowDto {
  @ApiPropertyOptional({ example: 1, description: 'Minutes between two projects' })
  @Omittable()
  @IsInt({ message: 'enter whole minutes' })
  @Min(0, { message: 'must not be negative' })
  @Max(30, { message: 'at most 30 minutes' })
  changeoverMinutes?: number;
}

/** The presenting person: an existing directory person, or a name (with email and title) found or added. */
export class PresenterDto {
  @ApiPropertyOptional({ description: 'an existing person; otherwise name (and email, title) find or add one' })
  @Omittable()
  @IsId()
  personId?: number;

  @ApiPropertyOptional({ example: '周航' })
  @ValidateIf((o: PresenterDto) => o.personId === undefined)
  @IsString({ message: 'enter the presenter’s name' })
  @Length(1, 100, { message: 'enter a name of at most 100 characters' })
  @SingleLine()
  name?: string;

  @ApiPropertyOptional({ example: 'Zhou Hang' })
  @Omittable()
  @IsString()
  @Length(1, 100)
  @SingleLine()
  nameEn?: string;

  @ApiPropertyOptional({ example: '总经理' })
  @Omittable()
  @IsString()
  @Length(1, 100)
  @SingleLine()
  title?: string;

  @ApiPropertyOptional({ example: 'General Manager' })
  @Omittable()
  @IsString()
  @Length(1, 100)
  @SingleLine()
  titleEn?: string;

  @ApiPropertyOptional({ description: 'where the leads are emailed after the session' })
  @Omittable()
  @IsEmail({}, { message: 'email must be an email address' })
  @SingleLine()
  email?: string;
}

export class CreateProjectDto {
  @ApiProperty({ example: '汽车磁流变智能油气悬架' })
  @IsString()
  @Length(1, 200, { message: 'enter a name of at most 200 characters' })
  @SingleLine()
  name: string;

  @ApiPropertyOptional({ example: 'Magnetorheological smart hydro-pneumatic suspension for vehicles' })
  @Omittable()
  @IsString()
  @Length(1, 300)
  @SingleLine()
  nameEn?: string;

  @ApiPropertyOptional({ description: 'a few sentences for the project page' })
  @Omittable()
  @IsString()
  @Length(1, 2000, { message: 'at most 2000 characters' })
  @MultiLine()
  summary?: string;

  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @Length(1, 4000, { message: 'at most 4000 characters' })
  @MultiLine()
  summaryEn?: string;

  @ApiPropertyOptional({ description: 'the presenting organisation by directory id; or give `organisation`' })
  @Omittable()
  @IsId()
  organisationId?: number;

  @ApiPropertyOptional({ example: '重庆武瓴智行科技有限公司', description: 'found or added in the directory' })
  @ValidateIf((o: CreateProjectDto) => o.organisationId === undefined)
  @IsString({ message: 'enter the presenting organisation' })
  @Length(1, 200, { message: 'enter a name of at most 200 characters' })
  @SingleLine()
  organisation?: string;

  @ApiPropertyOptional({ type: PresenterDto })
  @Omittable()
  @ValidateNested()
  @Type(() => PresenterDto)
  presenter?: PresenterDto;

  @ApiPropertyOptional({ example: 'equipment', description: 'a match category code' })
  @Omittable()
  @IsString()
  @Length(1, 40)
  @SingleLine()
  categoryCode?: string;

  @ApiPropertyOptional({ enum: MATURITIES })
  @Omittable()
  @IsIn(MATURITIES, { message: `stage must be one of ${MATURITIES.join(', ')}` })
  stage?: Maturity;

  @ApiPropertyOptional({ enum: PROJECT_SEEKS, isArray: true, example: ['financing', 'partners'] })
  @Omittable()
  @IsArray()
  @ArrayUnique({ message: 'lists a wish twice' })
  @IsIn(PROJECT_SEEKS, { each: true, message: `each must be one of ${PROJECT_SEEKS.join(', ')}` })
  seeks?: ProjectSeek[];

  @ApiProperty({ example: 8, description: 'Minutes of the pitch' })
  @IsInt({ message: 'enter whole minutes' })
  @Min(1, { message: 'a pitch lasts at least 1 minute' })
  @Max(120, { message: 'a pitch lasts at most 120 minutes' })
  pitchMinutes: number;

  @ApiPropertyOptional({ example: 4, description: 'Minutes of questions after the pitch' })
  @Omittable()
  @IsInt({ message: 'enter whole minutes' })
  @Min(0, { message: 'must not be negative' })
  @Max(60, { message: 'at most 60 minutes' })
  qaMinutes?: number;

  @ApiPropertyOptional({ description: 'an achievement of the matchmaking library; null to unlink', nullable: true })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsId()
  achievementId?: number | null;
}

export class UpdateProjectDto extends UpdateType(CreateProjectDto) {}

export class ReorderProjectsDto {
  @ApiProperty({ type: [Number], description: 'every project id of the roadshow, in the new order' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @IsInt({ each: true, message: 'each must be a project id' })
  @Min(1, { each: true, message: 'each must be a project id' })
  @Max(MAX_ID, { each: true, message: 'each must be a project id' })
  projectIds: number[];
}

export class AcceptWarningDto {
  @ApiProperty({ example: 'roadshow_overrun:3:10' })
  @IsString()
  @Length(1, 200)
  @SingleLine()
  key: string;
}

export class CriterionDto {
  @ApiPropertyOptional({ description: 'an existing criterion (its scores stay); absent for a new one' })
  @Omittable()
  @IsId()
  id?: number;

  @ApiProperty({ example: '技术创新性' })
  @IsString()
  @Length(1, 60, { message: 'enter a name of at most 60 characters' })
  @SingleLine()
  name: string;

  @ApiPropertyOptional({ example: 'Innovation' })
  @Omittable()
  @IsString()
  @Length(1, 100)
  @SingleLine()
  nameEn?: string;

  @ApiProperty({ example: 40 })
  @IsInt({ message: 'enter the weight as a whole number' })
  @Min(1, { message: 'a weight is at least 1' })
  @Max(100, { message: 'a weight is at most 100' })
  weight: number;
}

export class CriteriaDto {
  @ApiProperty({ type: [CriterionDto], description: 'all criteria, in order; criteria left out are removed' })
  @IsArray()
  @ArrayMaxSize(20, { message: 'at most 20 criteria' })
  @ValidateNested({ each: true })
  @Type(() => CriterionDto)
  criteria: CriterionDto[];
}

export class JudgeDto {
  @ApiPropertyOptional({ description: 'an existing directory person; otherwise name, organisation, email, title' })
  @Omittable()
  @IsId()
  personId?: number;

  @ApiPropertyOptional({ example: '程远' })
  @ValidateIf((o: JudgeDto) => o.personId === undefined)
  @IsString({ message: 'enter the judge’s name' })
  @Length(1, 100, { message: 'enter a name of at most 100 characters' })
  @SingleLine()
  name?: string;

  @ApiPropertyOptional({ example: '清华四川能源互联网研究院' })
  @Omittable()
  @IsString()
  @Length(1, 200)
  @SingleLine()
  organisation?: string;

  @ApiPropertyOptional({ example: '研究员' })
  @Omittable()
  @IsString()
  @Length(1, 100)
  @SingleLine()
  title?: string;

  @ApiPropertyOptional()
  @Omittable()
  @IsEmail({}, { message: 'email must be an email address' })
  @SingleLine()
  email?: string;
}

export class ScoreDto {
  @ApiProperty()
  @IsId()
  criterionId: number;

  @ApiProperty({ minimum: 1, maximum: 10 })
  @IsInt({ message: 'score with a whole number from 1 to 10' })
  @Min(1, { message: 'score with a whole number from 1 to 10' })
  @Max(10, { message: 'score with a whole number from 1 to 10' })
  score: number;
}

export class ScoreSheetDto {
  @ApiProperty({ type: [ScoreDto] })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ScoreDto)
  scores: ScoreDto[];
}

export class LeadDto {
  @ApiProperty({ enum: LEAD_KINDS })
  @IsIn(LEAD_KINDS, { message: `kind must be one of ${LEAD_KINDS.join(', ')}` })
  kind: LeadKind;

  @ApiPropertyOptional({ description: 'required for a message; optional with a meeting request' })
  @ValidateIf((o: LeadDto) => o.kind === 'message' || o.message !== undefined)
  @IsString({ message: 'write a message' })
  @Length(1, 1000, { message: 'write a message of at most 1000 characters' })
  @MultiLine()
  message?: string;
}

export class IdentifyDto {
  @ApiProperty({ description: 'the code on one’s badge, or one’s personal link' })
  @IsString({ message: 'enter your badge code or personal link' })
  @Length(8, 600, { message: 'enter your badge code or personal link' })
  @SingleLine()
  code: string;
}

import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsId, MAX_ID } from '../../common/id.js';
import {
  AGREEMENT_KINDS,
  AGREEMENT_STATUSES,
  PARTY_SIDES,
  type AgreementKind,
  type AgreementStatus,
  type PartySide,
} from '../domain/agreement-status.js';
import { MultiLine, Omittable, SingleLine, UpdateType } from '../../common/validation.js';

const MAX_COUNT = 100_000;
const MAX_WAN = 1_000_000_000;

export class SummaryByKindDto {
  @ApiPropertyOptional({ example: 6 })
  @Omittable()
  @IsInt({ message: 'enter a whole number' })
  @Min(0, { message: 'must not be negative' })
  @Max(MAX_COUNT, { message: `at most ${MAX_COUNT}` })
  strategic?: number;

  @ApiPropertyOptional({ example: 45 })
  @Omittable()
  @IsInt({ message: 'enter a whole number' })
  @Min(0, { message: 'must not be negative' })
  @Max(MAX_COUNT, { message: `at most ${MAX_COUNT}` })
  project?: number;

  @ApiPropertyOptional()
  @Omittable()
  @IsInt({ message: 'enter a whole number' })
  @Min(0, { message: 'must not be negative' })
  @Max(MAX_COUNT, { message: `at most ${MAX_COUNT}` })
  technology_transfer?: number;

  @ApiPropertyOptional()
  @Omittable()
  @IsInt({ message: 'enter a whole number' })
  @Min(0, { message: 'must not be negative' })
  @Max(MAX_COUNT, { message: `at most ${MAX_COUNT}` })
  order?: number;

  @ApiPropertyOptional()
  @Omittable()
  @IsInt({ message: 'enter a whole number' })
  @Min(0, { message: 'must not be negative' })
  @Max(MAX_COUNT, { message: `at most ${MAX_COUNT}` })
  investment?: number;
}

/** Totals recorded for signings that are not itemised; shown apart from the counted totals. */
export class SummaryTotalsDto {
  @ApiPropertyOptional({ type: SummaryByKindDto, example: { project: 45, strategic: 6 } })
  @Omittable()
  @ValidateNested()
  @Type(() => SummaryByKindDto)
  byKind?: SummaryByKindDto;

  @ApiPropertyOptional({ example: 6 })
  @Omittable()
  @IsInt({ message: 'enter a whole number' })
  @Min(0, { message: 'must not be negative' })
  @Max(MAX_COUNT, { message: `at most ${MAX_COUNT}` })
  strategicPartners?: number;

  @ApiPropertyOptional({ example: 120000, description: '万元' })
  @Omittable()
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false }, { message: 'enter an amount in 万元' })
  @Min(0, { message: 'must not be negative' })
  @Max(MAX_WAN, { message: 'too large' })
  amountWan?: number;

  @ApiPropertyOptional({ example: '45个转化项目供需双方签约；转化中心与6家战略合作伙伴签约' })
  @Omittable()
  @IsString()
  @Length(1, 500, { message: 'at most 500 characters' })
  @MultiLine()
  note?: string;

  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @Length(1, 500, { message: 'at most 500 characters' })
  @MultiLine()
  noteEn?: string;
}

export class CreateCeremonyDto {
  @ApiProperty({ description: 'An agenda session of kind signing_ceremony or sub_venue_programme' })
  @IsId()
  agendaSessionId: number;

  @ApiPropertyOptional({
    example: '先进技术成果西部转化中心',
    description: 'The organisation signing with its partners: strategic partners are counted as its partners',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200, { message: 'name the organisation in at most 200 characters' })
  @SingleLine()
  hostOrganisation?: string | null;

  @ApiPropertyOptional({ example: 2, description: 'Minutes of opening remarks before the first signing' })
  @Omittable()
  @IsInt({ message: 'enter whole minutes' })
  @Min(0, { message: 'must not be negative' })
  @Max(120, { message: 'at most 120 minutes' })
  openingMinutes?: number;

  @ApiPropertyOptional({ example: 5, description: 'Minutes one signing takes on stage' })
  @Omittable()
  @IsInt({ message: 'enter whole minutes' })
  @Min(1, { message: 'at least 1 minute' })
  @Max(60, { message: 'at most 60 minutes' })
  minutesPerSigning?: number;

  @ApiPropertyOptional({ type: SummaryTotalsDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => SummaryTotalsDto)
  summary?: SummaryTotalsDto | null;
}

export class UpdateCeremonyDto extends UpdateType(OmitType(CreateCeremonyDto, ['agendaSessionId'])) {}

export class PartyDto {
  @ApiProperty({ example: '先进技术成果西部转化中心', description: 'Found in or added to the directory by name' })
  @IsString({ message: 'name the organisation' })
  @Length(1, 200, { message: 'name the organisation in at most 200 characters' })
  @SingleLine()
  organisation: string;

  @ApiPropertyOptional({ example: '张伟', description: 'Who signs for it (found or added by name within it)' })
  @IsOptional()
  @IsString()
  @Length(1, 100, { message: 'at most 100 characters' })
  @SingleLine()
  signatory?: string | null;

  @ApiPropertyOptional({ example: '主任' })
  @IsOptional()
  @IsString()
  @Length(1, 100, { message: 'at most 100 characters' })
  @SingleLine()
  signatoryTitle?: string | null;

  @ApiPropertyOptional({ enum: PARTY_SIDES, description: 'Side of the signing table; default: alternating from left' })
  @Omittable()
  @IsIn(PARTY_SIDES, { message: 'side must be left or right' })
  side?: PartySide;
}

export class AddPartyDto extends PartyDto {
  @ApiPropertyOptional({ description: '0-based place among the parties; default: last' })
  @Omittable()
  @IsInt()
  @Min(0)
  @Max(50)
  position?: number;
}

export class UpdatePartyDto extends UpdateType(AddPartyDto) {}

export class WitnessDto {
  @ApiProperty({ example: '李明' })
  @IsString({ message: 'name the witness' })
  @Length(1, 100, { message: 'name the witness in at most 100 characters' })
  @SingleLine()
  name: string;

  @ApiPropertyOptional({ example: '主任' })
  @IsOptional()
  @IsString()
  @Length(1, 100, { message: 'at most 100 characters' })
  @SingleLine()
  title?: string | null;

  @ApiPropertyOptional({ example: '四川省推进成德眉资同城化发展领导小组办公室' })
  @IsOptional()
  @IsString()
  @Length(1, 200, { message: 'at most 200 characters' })
  @SingleLine()
  organisation?: string | null;
}

export class AddWitnessDto extends WitnessDto {
  @ApiPropertyOptional({ description: '0-based place among the witnesses; default: last' })
  @Omittable()
  @IsInt()
  @Min(0)
  @Max(50)
  position?: number;
}

export class UpdateWitnessDto {
  @ApiPropertyOptional({ example: '副主任' })
  @IsOptional()
  @IsString()
  @Length(1, 100, { message: 'at most 100 characters' })
  @SingleLine()
  title?: string | null;

  @ApiPropertyOptional()
  @Omittable()
  @IsInt()
  @Min(0)
  @Max(50)
  position?: number;
}

export class LandingDto {
  @ApiPropertyOptional({ example: '四川省' })
  @IsOptional()
  @IsString()
  @Length(1, 50, { message: 'at most 50 characters' })
  @SingleLine()
  province?: string | null;

  @ApiPropertyOptional({ example: '资阳市' })
  @IsOptional()
  @IsString()
  @Length(1, 50, { message: 'at most 50 characters' })
  @SingleLine()
  city?: string | null;

  @ApiPropertyOptional({ example: '雁江区' })
  @IsOptional()
  @IsString()
  @Length(1, 50, { message: 'at most 50 characters' })
  @SingleLine()
  district?: string | null;
}

export class CreateAgreementDto {
  @ApiProperty({ example: '先进技术成果西部转化中心 四川省推进成德眉资同城化发展领导小组办公室战略合作协议' })
  @IsString({ message: 'enter the title' })
  @Length(1, 300, { message: 'enter a title of at most 300 characters' })
  @SingleLine()
  title: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 300, { message: 'at most 300 characters' })
  @SingleLine()
  titleEn?: string | null;

  @ApiProperty({ enum: AGREEMENT_KINDS })
  @IsIn(AGREEMENT_KINDS, { message: `kind must be one of ${AGREEMENT_KINDS.join(', ')}` })
  kind: AgreementKind;

  @ApiProperty({ type: [PartyDto], description: 'In order; two or more before the agreement is confirmed' })
  @IsArray({ message: 'list the parties' })
  @ArrayMinSize(1, { message: 'name at least one party' })
  @ArrayMaxSize(8, { message: 'at most 8 parties' })
  @ValidateNested({ each: true })
  @Type(() => PartyDto)
  parties: PartyDto[];

  @ApiPropertyOptional({ type: [WitnessDto] })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(20, { message: 'at most 20 witnesses' })
  @ValidateNested({ each: true })
  @Type(() => WitnessDto)
  witnesses?: WitnessDto[];

  @ApiPropertyOptional({
    example: '先进技术成果西部转化中心',
    description: 'The organisation credited with the deal (助推)',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200, { message: 'name the organisation in at most 200 characters' })
  @SingleLine()
  facilitator?: string | null;

  @ApiPropertyOptional({ type: LandingDto, nullable: true, description: 'Where the project lands (落地)' })
  @IsOptional()
  @ValidateNested()
  @Type(() => LandingDto)
  landing?: LandingDto | null;

  @ApiPropertyOptional({ example: 5000, description: '万元, up to two decimals' })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false }, { message: 'enter an amount in 万元' })
  @Min(0, { message: 'must not be negative' })
  @Max(MAX_WAN, { message: 'too large' })
  amountWan?: number | null;

  @ApiPropertyOptional({ example: 5, description: 'Minutes on stage; default: the ceremony’s' })
  @IsOptional()
  @IsInt({ message: 'enter whole minutes' })
  @Min(1, { message: 'at least 1 minute' })
  @Max(60, { message: 'at most 60 minutes' })
  minutes?: number | null;

  @ApiPropertyOptional({ description: 'The achievement (library) the agreement came from' })
  @IsOptional()
  @IsId()
  achievementId?: number | null;

  @ApiPropertyOptional({ description: 'The demand (library) the agreement came from' })
  @IsOptional()
  @IsId()
  demandId?: number | null;

  @ApiPropertyOptional({ description: 'The one-to-one meeting at this event the agreement came from' })
  @IsOptional()
  @IsId()
  meetingId?: number | null;

  @ApiPropertyOptional({ description: '0-based place in the order; default: last' })
  @Omittable()
  @IsInt()
  @Min(0)
  @Max(10_000)
  position?: number;
}

export class UpdateAgreementDto extends UpdateType(OmitType(CreateAgreementDto, ['position'])) {}

export class ReorderAgreementsDto {
  @ApiProperty({ example: [3, 1, 2], description: 'Every agreement of the ceremony, in the new order' })
  @IsArray({ message: 'list the agreement ids' })
  @ArrayMaxSize(1000)
  @IsInt({ each: true, message: 'ids are whole numbers' })
  @Min(1, { each: true, message: 'ids are positive' })
  @Max(MAX_ID, { each: true, message: 'ids are positive' })
  agreementIds: number[];
}

export class AgreementStatusDto {
  @ApiProperty({ enum: AGREEMENT_STATUSES })
  @IsIn(AGREEMENT_STATUSES, { message: `status must be one of ${AGREEMENT_STATUSES.join(', ')}` })
  status: AgreementStatus;
}

export const STAGE_ACTIONS = ['next', 'previous', 'opening', 'closing'] as const;
export type StageAction = (typeof STAGE_ACTIONS)[number];

export class StageDto {
  @ApiPropertyOptional({ enum: STAGE_ACTIONS, description: 'Step the screen; or give agreementId to show one' })
  @ValidateIf((o: StageDto) => o.agreementId === undefined)
  @IsIn(STAGE_ACTIONS, { message: `action must be one of ${STAGE_ACTIONS.join(', ')}, or give agreementId` })
  action?: StageAction;

  @ApiPropertyOptional()
  @Omittable()
  @IsId()
  agreementId?: number;
}

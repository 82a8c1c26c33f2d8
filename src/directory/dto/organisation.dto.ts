import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { ORGANISATION_KINDS, type OrganisationKind } from '../organisation.entity.js';
import { MultiLine, SingleLine, UpdateType } from '../../common/validation.js';

export class CreateOrganisationDto {
  @ApiProperty({ example: '先进技术成果西部转化中心' })
  @IsString()
  @SingleLine()
  @Length(1, 200)
  name: string;

  @ApiPropertyOptional({ example: 'Western Centre for the Transfer of Advanced Technology Achievements' })
  @IsOptional()
  @IsString()
  @SingleLine()
  @Length(1, 200)
  nameEn?: string;

  @ApiPropertyOptional({ example: '西部转化中心' })
  @IsOptional()
  @IsString()
  @SingleLine()
  @Length(1, 100)
  shortName?: string;

  @ApiPropertyOptional({ example: 'Western Transformation Centre' })
  @IsOptional()
  @IsString()
  @SingleLine()
  @Length(1, 100)
  shortNameEn?: string;

  @ApiProperty({ enum: ORGANISATION_KINDS })
  @IsIn(ORGANISATION_KINDS, { message: `kind must be one of ${ORGANISATION_KINDS.join(', ')}` })
  kind: OrganisationKind;

  @ApiPropertyOptional({ example: '四川·成都' })
  @IsOptional()
  @IsString()
  @SingleLine()
  @Length(1, 100)
  region?: string;

  @ApiPropertyOptional({ example: 'Chengdu, Sichuan' })
  @IsOptional()
  @IsString()
  @SingleLine()
  @Length(1, 100)
  regionEn?: string;

  @ApiPropertyOptional({ description: 'a short profile: what the organisation is and does' })
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

export class UpdateOrganisationDto extends UpdateType(CreateOrganisationDto) {}

/** The directory search (`GET /api/organisations?q=`): a LIKE pattern past SQLite's 50,000 bytes would be a 500. */
export class OrganisationSearchDto {
  @ApiPropertyOptional({ description: 'part of the name, English name or short name' })
  @IsOptional()
  @IsString()
  @SingleLine()
  @Length(0, 200, { message: 'q must be at most 200 characters' })
  q?: string;
}

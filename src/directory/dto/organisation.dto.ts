import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { ORGANISATION_KINDS, type OrganisationKind } from '../organisation.entity.js';

export class CreateOrganisationDto {
  @ApiProperty({ example: '先进技术成果西部转化中心' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiPropertyOptional({ example: 'Western Centre for the Transfer of Advanced Technology Achievements' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  nameEn?: string;

  @ApiPropertyOptional({ example: '西部转化中心' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  shortName?: string;

  @ApiProperty({ enum: ORGANISATION_KINDS })
  @IsIn(ORGANISATION_KINDS, { message: `kind must be one of ${ORGANISATION_KINDS.join(', ')}` })
  kind: OrganisationKind;

  @ApiPropertyOptional({ example: '四川·成都' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  region?: string;
}

export class UpdateOrganisationDto extends PartialType(CreateOrganisationDto) {}

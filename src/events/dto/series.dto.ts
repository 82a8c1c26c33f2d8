import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { SLUG_PATTERN } from './event.dto.js';
import { MultiLine, SingleLine, UpdateType } from '../../common/validation.js';

export class CreateSeriesDto {
  @ApiProperty({ example: 'hutong-huxin' })
  @IsString()
  @SingleLine()
  @Length(2, 80)
  @Matches(SLUG_PATTERN, { message: 'slug may contain only lower-case letters, digits and single hyphens' })
  slug: string;

  @ApiProperty({ example: '互通互信 共建共享' })
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
  @Length(1, 20000)
  description?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MultiLine()
  @Length(1, 20000)
  descriptionEn?: string;
}

export class UpdateSeriesDto extends UpdateType(CreateSeriesDto) {}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsInt, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { MAX_ID } from '../../common/id.js';
import { LISTING_KINDS, type ListingKind } from '../event-listing.entity.js';
import { OVERRIDE_ACTIONS, type OverrideAction } from '../recommendation-override.entity.js';

export class ListedItemRefDto {
  @ApiProperty({ enum: LISTING_KINDS, example: 'demand' })
  @IsIn(LISTING_KINDS)
  kind: ListingKind;

  @ApiProperty({ example: 12 })
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  id: number;
}

/** Which recommendation: from the item whose page shows it, to the item recommended there. */
export class RecommendationPairDto {
  @ApiProperty({ type: ListedItemRefDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => ListedItemRefDto)
  from: ListedItemRefDto;

  @ApiProperty({ type: ListedItemRefDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => ListedItemRefDto)
  to: ListedItemRefDto;
}

export class RecommendationOverrideDto extends RecommendationPairDto {
  @ApiProperty({ enum: OVERRIDE_ACTIONS, description: 'pin: shown first; hide: never shown' })
  @IsIn(OVERRIDE_ACTIONS)
  action: OverrideAction;
}

export class RecommendationsQueryDto {
  @ApiPropertyOptional({ default: 5, minimum: 1, maximum: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(20)
  limit?: number;
}

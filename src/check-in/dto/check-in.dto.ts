import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { IsId, IsIdText } from '../../common/id.js';
import { CHECK_IN_LIST_KINDS, type CheckInListKind } from '../check-in-list.entity.js';
import { CHECK_IN_RESULTS, type CheckInResult } from '../check-in-result.js';
import { DEVICE_ID, NONCE } from './scan-body.pipe.js';
import { Omittable, SingleLine, UpdateType } from '../../common/validation.js';

const CODE = /^[a-z0-9][a-z0-9_-]{0,39}$/;
const LIST_KINDS = CHECK_IN_LIST_KINDS.filter((k) => k !== 'entrance');

/** A scan. Documents the API; requests are checked by ScanBodyPipe with the same rules (its spec holds it to them). */
export class ScanDto {
  @ApiPropertyOptional({ description: 'the text of the badge QR code (DJ…); give this or registrationId' })
  @Omittable()
  @IsString()
  @SingleLine()
  @Length(1, 300)
  code?: string;

  @ApiPropertyOptional({ description: 'a registration found by manual look-up, for a person without their badge' })
  @Omittable()
  @IsId()
  registrationId?: number;

  @ApiPropertyOptional({ description: 'the check-in list; the event entrance when absent (a paired device: its list)' })
  @Omittable()
  @IsId()
  listId?: number;

  @ApiPropertyOptional({ description: 'how the scanning device names itself', example: 'gate-1-phone' })
  @Omittable()
  @IsString()
  @SingleLine()
  @Matches(DEVICE_ID, { message: 'deviceId must be 1–64 letters, digits, or . _ : -' })
  deviceId?: string;

  @ApiPropertyOptional({
    description: 'idempotency key: a repeat of the same nonce answers the first answer',
    example: 'c1a4f0e2-6b0f-4a57-9f57-2b2b0c4d1e11',
  })
  @Omittable()
  @IsString()
  @SingleLine()
  @Matches(NONCE, { message: 'nonce must be 8–64 letters, digits, _ or -' })
  nonce?: string;

  @ApiPropertyOptional({ description: 'when the device scanned (ISO 8601); now when absent' })
  @Omittable()
  @IsISO8601({ strict: true })
  scannedAt?: string;
}

/** A scan decided by a device while offline, uploaded later: its nonce and scan time are required. */
export class OfflineScanDto {
  @ApiPropertyOptional({ description: 'the text of the badge QR code; give this or registrationId' })
  @Omittable()
  @IsString()
  @SingleLine()
  @Length(1, 300)
  code?: string;

  @ApiPropertyOptional()
  @Omittable()
  @IsId()
  registrationId?: number;

  @ApiPropertyOptional()
  @Omittable()
  @IsId()
  listId?: number;

  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @SingleLine()
  @Matches(DEVICE_ID, { message: 'deviceId must be 1–64 letters, digits, or . _ : -' })
  deviceId?: string;

  @ApiProperty()
  @IsString()
  @SingleLine()
  @Matches(NONCE, { message: 'nonce must be 8–64 letters, digits, _ or -' })
  nonce: string;

  @ApiProperty({ description: 'when the device scanned (ISO 8601)' })
  @IsISO8601({ strict: true })
  scannedAt: string;

  @ApiPropertyOptional({ enum: CHECK_IN_RESULTS, description: 'what the device decided on its own' })
  @Omittable()
  @IsIn(CHECK_IN_RESULTS)
  localResult?: CheckInResult;
}

export class SyncDto {
  @ApiProperty({ type: [OfflineScanDto] })
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => OfflineScanDto)
  scans: OfflineScanDto[];
}

export class LookupQueryDto {
  @ApiProperty({ description: 'part of a name, phone number or organisation', example: '王' })
  @IsString()
  @SingleLine()
  @Length(1, 100)
  q: string;

  @ApiPropertyOptional()
  @Omittable()
  @IsIdText()
  listId?: number;
}

export class CheckInListDto {
  @ApiProperty({ example: '签约厅' })
  @IsString()
  @SingleLine()
  @Length(1, 100)
  name: string;

  @ApiPropertyOptional({ example: 'Signing hall' })
  @IsOptional()
  @IsString()
  @SingleLine()
  @Length(1, 100)
  nameEn?: string | null;

  @ApiProperty({ enum: LIST_KINDS })
  @IsIn(LIST_KINDS)
  kind: Exclude<CheckInListKind, 'entrance'>;

  @ApiPropertyOptional({
    description: 'codes of the attendee categories admitted; absent or empty admits every category',
    example: ['guest', 'government'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @SingleLine({ each: true })
  @Matches(CODE, { each: true, message: 'each category must be a category code' })
  categories?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  allowReentry?: boolean;

  @ApiPropertyOptional({ description: 'the session this list admits to' })
  @IsOptional()
  @IsId()
  sessionId?: number | null;

  @ApiPropertyOptional({ description: 'the (sub-)venue this list admits to' })
  @IsOptional()
  @IsId()
  venueId?: number | null;

  @ApiPropertyOptional({ description: 'the exhibition zone this list admits to' })
  @IsOptional()
  @IsId()
  zoneId?: number | null;
}

export class UpdateCheckInListDto extends UpdateType(CheckInListDto) {}

/** The entrance list's form: everything but its kind, which stays "entrance". */
export class EntranceListDto extends OmitType(CheckInListDto, ['kind'] as const) {}

export class CreateDeviceDto {
  @ApiProperty({ example: '东门 1 号机' })
  @IsString()
  @SingleLine()
  @Length(1, 100)
  name: string;

  @ApiProperty({ description: 'the list the device scans for' })
  @IsId()
  listId: number;
}

export class PairDto {
  @ApiProperty({ description: 'the pairing code from the QR an organiser issued' })
  @IsString()
  @SingleLine()
  @Length(20, 100)
  token: string;
}

import { IsId } from '../../common/id.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, Length } from 'class-validator';
import { USER_ROLES, type UserRole } from '../user.entity.js';
import { MultiLine, SingleLine } from '../../common/validation.js';

/** Passwords are any text a person can type (MultiLine: tabs and line breaks pass, other control characters not). */
export class LoginDto {
  @ApiProperty({ example: 'admin@duijie.local' })
  @IsEmail({}, { message: 'email must be an email address' })
  @Length(3, 254)
  @SingleLine()
  email: string;

  @ApiProperty()
  @IsString()
  @MultiLine()
  @Length(1, 200)
  password: string;
}

export class InviteDto {
  @ApiProperty()
  @IsEmail({}, { message: 'email must be an email address' })
  @Length(3, 254)
  @SingleLine()
  email: string;

  @ApiProperty({ example: '王敏' })
  @IsString()
  @SingleLine()
  @Length(1, 100)
  name: string;

  @ApiProperty({ enum: USER_ROLES })
  @IsIn(USER_ROLES, { message: 'role must be organiser or staff' })
  role: UserRole;

  @ApiPropertyOptional({ description: 'required for staff: the event they work at' })
  @IsOptional()
  @IsId()
  eventId?: number;
}

export class AcceptInvitationDto {
  @ApiProperty({ minLength: 10 })
  @IsString()
  @MultiLine()
  @Length(10, 200, { message: 'password must be 10 to 200 characters long' })
  password: string;
}

export class AssignStaffDto {
  @ApiProperty()
  @IsId()
  eventId: number;
}

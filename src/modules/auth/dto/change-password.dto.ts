import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { IsNewPassword } from './password.rules.js';

export class ChangePasswordDto {
  @ApiProperty({ description: 'The password in use now' })
  @IsString()
  @MaxLength(256)
  currentPassword: string;

  @IsNewPassword()
  newPassword: string;
}

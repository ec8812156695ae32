import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { IsNewPassword } from './password.rules.js';

export class TokenPasswordDto {
  @ApiProperty({ description: 'The token from the link in the e-mail' })
  @IsString()
  @Length(1, 200)
  token: string;

  @IsNewPassword()
  password: string;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { IsNewPassword } from './password.rules.js';

export class RegisterDto {
  @ApiProperty({ example: 'lead@example.org' })
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(320)
  email: string;

  @IsNewPassword()
  password: string;

  @ApiProperty({ example: 'Anna Lindqvist' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ example: 'Swedish Civil Contingencies Agency' })
  @IsString()
  @Length(1, 300)
  organisation: string;

  @ApiProperty({ description: 'ISO 3166-1 alpha-2 country code', example: 'SE' })
  @Matches(/^[A-Z]{2}$/, { message: 'country must be a two-letter country code such as SE' })
  country: string;

  @ApiPropertyOptional({ description: 'ISO 639-1 language code', example: 'en', default: 'en' })
  @IsOptional()
  @Matches(/^[a-z]{2}$/, { message: 'language must be a two-letter language code such as en' })
  language?: string;
}

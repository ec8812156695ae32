import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';

/** The only fields a user may change about themselves (e-mail, roles and status are not among them). */
export class UpdateMeDto {
  @ApiPropertyOptional({ example: 'Anna Lindqvist' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ example: 'Swedish Civil Contingencies Agency' })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  organisation?: string;

  @ApiPropertyOptional({ description: 'ISO 3166-1 alpha-2 country code', example: 'SE' })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/, { message: 'country must be a two-letter country code such as SE' })
  country?: string;

  @ApiPropertyOptional({ description: 'ISO 639-1 language code', example: 'en' })
  @IsOptional()
  @Matches(/^[a-z]{2}$/, { message: 'language must be a two-letter language code such as en' })
  language?: string;
}

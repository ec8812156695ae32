import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { ROLE_NAMES, type RoleName } from '../../auth/auth-user.js';

export class InviteUserDto {
  @ApiProperty({ example: 'expert@example.org' })
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(320)
  email: string;

  @ApiProperty({ example: 'Jonas Berg' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiPropertyOptional({ example: 'CBSS Civil Protection Expert Network' })
  @IsOptional()
  @IsString()
  @Length(0, 300)
  organisation?: string;

  @ApiProperty({ description: 'ISO 3166-1 alpha-2 country code', example: 'SE' })
  @Matches(/^[A-Z]{2}$/, { message: 'country must be a two-letter country code such as SE' })
  country: string;

  @ApiPropertyOptional({ description: 'ISO 639-1 language code', example: 'en' })
  @IsOptional()
  @Matches(/^[a-z]{2}$/, { message: 'language must be a two-letter language code such as en' })
  language?: string;

  @ApiPropertyOptional({
    enum: ROLE_NAMES,
    description: 'Role granted with the invitation (coordinators may give reviewer or steering_group_member)',
  })
  @IsOptional()
  @IsIn(ROLE_NAMES, { message: `role must be one of ${ROLE_NAMES.join(', ')}` })
  role?: RoleName;

  @ApiPropertyOptional({ description: 'Policy area of the role', example: 'SECURE' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  policyAreaCode?: string;

  @ApiPropertyOptional({ description: 'Chair of the steering group (steering_group_member only)' })
  @IsOptional()
  @IsBoolean({ message: 'isChair must be true or false' })
  isChair?: boolean;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { ROLE_NAMES, type RoleName } from '../../auth/auth-user.js';

export class GrantRoleDto {
  @ApiProperty({ enum: ROLE_NAMES })
  @IsIn(ROLE_NAMES, { message: `role must be one of ${ROLE_NAMES.join(', ')}` })
  role: RoleName;

  @ApiPropertyOptional({ description: 'Policy area of the role (empty for admin)', example: 'SECURE' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  policyAreaCode?: string;

  @ApiPropertyOptional({
    description: 'Country a steering group member represents (default: the user country)',
  })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/, { message: 'country must be a two-letter country code such as SE' })
  country?: string;

  @ApiPropertyOptional({ description: 'Chair of the steering group (one per policy area)', default: false })
  @IsOptional()
  @IsBoolean({ message: 'isChair must be true or false' })
  isChair?: boolean;
}

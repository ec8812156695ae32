import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { ROLE_NAMES, type RoleName } from '../../auth/auth-user.js';

export class ListUsersQuery {
  @ApiPropertyOptional({ description: 'Part of the e-mail, name or organisation' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  q?: string;

  @ApiPropertyOptional({ enum: ROLE_NAMES, description: 'Only users holding this role' })
  @IsOptional()
  @IsIn(ROLE_NAMES, { message: `role must be one of ${ROLE_NAMES.join(', ')}` })
  role?: RoleName;

  @ApiPropertyOptional({ description: 'Only users holding a role in this policy area', example: 'SECURE' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  policyAreaCode?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 50 })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  cursor?: string;
}

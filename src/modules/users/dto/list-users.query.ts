import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { PageCursor, PageLimit } from '../../../common/http/pagination.js';
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

  @PageLimit(50, 'Users')
  limit?: number;

  @PageCursor()
  cursor?: string;
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { parseBooleanQuery } from '../../../common/http/query-parsing.js';

export class IncludeRetiredQuery {
  @ApiPropertyOptional({ description: 'Also list items retired from the action plan', default: false })
  @IsOptional()
  @Transform(({ value }) => parseBooleanQuery(value))
  @IsBoolean({ message: 'includeRetired must be true or false' })
  includeRetired?: boolean;
}

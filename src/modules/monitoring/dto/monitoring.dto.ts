import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsISO8601, IsNumber, IsOptional, IsString, Length, Min } from 'class-validator';
import { parseBooleanQuery } from '../../../common/http/query-parsing.js';

export class MonitoringQuery {
  @ApiPropertyOptional({
    description:
      'Compute statuses as of this day (YYYY-MM-DD) instead of today, e.g. for last year’s annual report',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'asOf must be a date (YYYY-MM-DD)' })
  asOf?: string;

  @ApiPropertyOptional({ description: 'Also list superseded (retired) targets', default: false })
  @IsOptional()
  @Transform(({ value }) => parseBooleanQuery(value))
  @IsBoolean({ message: 'includeHistory must be true or false' })
  includeHistory?: boolean;
}

export class AsOfQuery {
  @ApiPropertyOptional({
    description: 'Look at the policy area as of this day (YYYY-MM-DD) instead of today',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'asOf must be a date (YYYY-MM-DD)' })
  asOf?: string;
}

export class ReviseTargetDto {
  @ApiProperty({ description: 'What the revised target asks for' })
  @IsString({ message: 'description must be text' })
  @Length(1, 2000, { message: 'description must be 1 to 2000 characters' })
  description: string;

  @ApiPropertyOptional({
    description: 'Target value on the indicator’s scale (null for a qualitative target)',
    nullable: true,
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'value must be a number' })
  @Min(0, { message: 'value must not be negative' })
  value?: number | null;

  @ApiPropertyOptional({ description: 'Deadline (YYYY-MM-DD)', nullable: true })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'deadline must be a date (YYYY-MM-DD)' })
  deadline?: string | null;

  @ApiPropertyOptional({ description: 'Code of the target this one replaces (it is retired, not deleted)' })
  @IsOptional()
  @IsString({ message: 'supersedesTargetCode must be text' })
  supersedesTargetCode?: string;
}

import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, Min } from 'class-validator';
import { toInteger } from '../../../common/http/query-parsing.js';

export class CompareRevisionsQuery {
  @ApiProperty({ description: 'The older revision number', example: 1 })
  @Transform(({ value }) => toInteger(value))
  @IsInt({ message: 'from must be a revision number (1, 2, …)' })
  @Min(1, { message: 'from must be a revision number (1, 2, …)' })
  from: number;

  @ApiProperty({ description: 'The newer revision number', example: 2 })
  @Transform(({ value }) => toInteger(value))
  @IsInt({ message: 'to must be a revision number (1, 2, …)' })
  @Min(1, { message: 'to must be a revision number (1, 2, …)' })
  to: number;
}

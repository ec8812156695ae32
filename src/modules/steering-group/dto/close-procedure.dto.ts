import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class CloseProcedureDto {
  @ApiPropertyOptional({ description: "The chair's note on closing early", maxLength: 10000, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  note?: string | null;
}

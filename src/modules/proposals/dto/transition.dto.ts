import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, MaxLength, Min, ValidateIf } from 'class-validator';

export class TransitionDto {
  @ApiPropertyOptional({
    description: 'The version the caller last read (or send it as the If-Match header); required',
    example: 3,
  })
  @ValidateIf((_object, value) => value !== undefined)
  @IsInt()
  @Min(1)
  version?: number;

  @ApiPropertyOptional({
    description: 'A note carried with the transition; required to request changes, reject and revoke',
    maxLength: 10000,
    nullable: true,
  })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  note?: string | null;
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsString, Length, Min, ValidateIf } from 'class-validator';
import { ProposalFieldsDto } from './proposal-fields.dto.js';

export class UpdateProposalDto extends ProposalFieldsDto {
  @ApiPropertyOptional({ maxLength: 500 })
  @ValidateIf((_object, value) => value !== undefined)
  @IsString()
  @Length(1, 500)
  title?: string;

  @ApiPropertyOptional({
    description: 'The version the caller last read (or send it as the If-Match header)',
    example: 3,
  })
  @ValidateIf((_object, value) => value !== undefined)
  @IsInt()
  @Min(1)
  version?: number;
}

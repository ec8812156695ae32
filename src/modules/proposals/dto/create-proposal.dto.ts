import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { ProposalFieldsDto } from './proposal-fields.dto.js';

export class CreateProposalDto extends ProposalFieldsDto {
  @ApiProperty({ description: 'Code of the policy area the proposal is for', example: 'SECURE' })
  @IsString()
  @Length(1, 50)
  policyAreaCode: string;

  @ApiProperty({ example: 'Baltic Rescue Network', maxLength: 500 })
  @IsString()
  @Length(1, 500)
  title: string;
}

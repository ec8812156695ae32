import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, MaxLength } from 'class-validator';

export class AddCoEditorDto {
  @ApiProperty({
    description: 'E-mail of the co-editor; linked to their account when they have one',
    example: 'co-editor@example.org',
  })
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(320)
  email: string;
}

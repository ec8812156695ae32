import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import type { CommentVisibility } from '../entities/proposal-comment.entity.js';

export const COMMENT_VISIBILITIES = ['internal', 'shared'] as const;

export class CreateCommentDto {
  @ApiProperty({ description: 'The comment text', minLength: 1, maxLength: 10000 })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString({ message: 'body must be text' })
  @MinLength(1, { message: 'body must not be empty' })
  @MaxLength(10000, { message: 'body must be at most 10000 characters' })
  body: string;

  @ApiProperty({
    description: 'internal: coordinators, reviewers and the steering group only; shared: also the lead',
    enum: COMMENT_VISIBILITIES,
  })
  @IsIn(COMMENT_VISIBILITIES, { message: 'visibility must be internal or shared' })
  visibility: CommentVisibility;
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { NOTIFICATION_STATUSES, type NotificationStatus } from '../notification.entity.js';

export class ListNotificationsQuery {
  @ApiPropertyOptional({
    enum: NOTIFICATION_STATUSES,
    description: 'Only notifications in this status (e.g. failed)',
  })
  @IsOptional()
  @IsIn(NOTIFICATION_STATUSES)
  status?: NotificationStatus;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50, description: 'Page size' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'The id of the last item of the previous page (keyset pagination)' })
  @IsOptional()
  @IsUUID()
  after?: string;
}

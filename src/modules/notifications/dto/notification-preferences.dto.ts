import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, ValidateNested } from 'class-validator';
import { NOTIFICATION_EVENT_TYPES, type NotificationEventType } from '../notification-event-types.js';
import { NOTIFICATION_MODES, type NotificationMode } from '../notification-preference.entity.js';

export class NotificationPreferenceDto {
  @ApiProperty({ enum: NOTIFICATION_EVENT_TYPES, description: 'The kind of mail, e.g. proposal.approved' })
  @IsIn(NOTIFICATION_EVENT_TYPES, { message: 'eventType must be one of the notification event types' })
  eventType: NotificationEventType;

  @ApiProperty({
    enum: NOTIFICATION_MODES,
    description: 'immediate: at once; digest: in the daily digest; off: never',
  })
  @IsIn(NOTIFICATION_MODES, { message: 'mode must be immediate, digest or off' })
  mode: NotificationMode;
}

export class UpdateNotificationPreferencesDto {
  @ApiProperty({
    type: [NotificationPreferenceDto],
    description: 'The choices to change; others stay as they are',
  })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => NotificationPreferenceDto)
  preferences: NotificationPreferenceDto[];
}

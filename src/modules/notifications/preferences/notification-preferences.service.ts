import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppError } from '../../../common/errors/app-error.js';
import type { NotificationPreferenceDto } from '../dto/notification-preferences.dto.js';
import {
  isAccountEventType,
  NOTIFICATION_EVENT_TYPES,
  type NotificationEventType,
} from '../notification-event-types.js';
import type { NotificationMode } from '../notification-preference.entity.js';

export interface PreferenceView {
  eventType: NotificationEventType;
  mode: NotificationMode;
  /** Account mail (verification, invitation, password reset) is always sent at once. */
  locked: boolean;
}

@Injectable()
export class NotificationPreferencesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(userId: string): Promise<PreferenceView[]> {
    const rows = (await this.dataSource.query(
      `SELECT event_type, mode FROM notification_preferences WHERE user_id = $1`,
      [userId],
    )) as Array<{ event_type: string; mode: NotificationMode }>;
    const chosen = new Map(rows.map((row) => [row.event_type, row.mode]));
    return NOTIFICATION_EVENT_TYPES.map((eventType) => {
      const locked = isAccountEventType(eventType);
      return { eventType, mode: locked ? 'immediate' : (chosen.get(eventType) ?? 'immediate'), locked };
    });
  }

  async update(userId: string, preferences: NotificationPreferenceDto[]): Promise<PreferenceView[]> {
    const problems = preferences.flatMap((preference, index) =>
      isAccountEventType(preference.eventType) && preference.mode !== 'immediate'
        ? [
            {
              field: `preferences[${index}].mode`,
              message: `${preference.eventType} mails are always sent at once and cannot be delayed or turned off`,
            },
          ]
        : [],
    );
    if (problems.length) {
      throw AppError.unprocessable(
        'NOTIFICATION_PREFERENCE_LOCKED',
        'Account mails (e-mail verification, invitation, password reset) cannot be turned off',
        problems,
      );
    }
    const settable = preferences.filter((preference) => !isAccountEventType(preference.eventType));
    if (settable.length) {
      await this.dataSource.query(
        `INSERT INTO notification_preferences (user_id, event_type, mode)
         SELECT $1, t.event_type, t.mode FROM unnest($2::text[], $3::text[]) AS t(event_type, mode)
         ON CONFLICT (user_id, event_type) DO UPDATE SET mode = EXCLUDED.mode, updated_at = now()`,
        [userId, settable.map((p) => p.eventType), settable.map((p) => p.mode)],
      );
    }
    return this.list(userId);
  }
}

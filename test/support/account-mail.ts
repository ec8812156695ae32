import { connectTestDatabase } from './database.js';

export type AccountMailType = 'account.email_verification' | 'account.invitation' | 'account.password_reset';

/**
 * The link of the newest account e-mail of this type sent to `email` (read from the outbox event the mail is made
 * from). Throws when there is none.
 */
export async function latestAccountLink(email: string, eventType: AccountMailType): Promise<string> {
  const db = await connectTestDatabase();
  try {
    // The worker's relay scrubs the one-time link from the outbox once the mail is written ('[sent]'); the
    // notification row (and the captured or sent mail) keeps it.
    const result = await db.query<{ link: string }>(
      `SELECT CASE WHEN e.payload->>'link' = '[sent]' THEN n.link ELSE e.payload->>'link' END AS link
         FROM outbox_events e
         LEFT JOIN notifications n ON n.outbox_event_id = e.id AND n.recipient_email = lower(e.payload->>'email')
        WHERE e.event_type = $1 AND lower(e.payload->>'email') = lower($2)
        ORDER BY e.id DESC LIMIT 1`,
      [eventType, email],
    );
    const link = result.rows[0]?.link;
    if (!link) throw new Error(`no ${eventType} mail for ${email}`);
    return link;
  } finally {
    await db.end();
  }
}

/** The token query parameter of an account link. */
export function tokenOf(link: string): string {
  const token = new URL(link).searchParams.get('token');
  if (!token) throw new Error(`no token in ${link}`);
  return token;
}

import type { NotificationEventType } from '../notification-event-types.js';
import type { Recipient, RelayEvent } from './recipient-resolvers.js';

/** Path of the screen a mail points to, relative to PUBLIC_BASE_URL. */
function pathFor(eventType: NotificationEventType, payload: Record<string, unknown>): string | null {
  const id = (key: string) => (typeof payload[key] === 'string' ? encodeURIComponent(payload[key]) : null);
  const proposal = id('proposalId');
  if (!proposal) return null;
  if (eventType.startsWith('report.')) {
    const report = id('reportId');
    return report ? `/flagships/${proposal}/reports/${report}` : `/flagships/${proposal}/reports`;
  }
  if (eventType.startsWith('review.')) return `/proposals/${proposal}/reviews`;
  if (eventType.startsWith('procedure.')) return `/proposals/${proposal}/procedure`;
  if (eventType === 'comment.shared') return `/proposals/${proposal}/comments`;
  return `/proposals/${proposal}`;
}

export function joinUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/** The values a template may use: the payload (which carries the text, see ARCHITECTURE.md) plus link and name. */
export function eventVariables(
  eventType: NotificationEventType,
  event: RelayEvent,
  recipient: Recipient,
  baseUrl: string,
): Record<string, unknown> {
  const payload = event.payload;
  let link: string | null;
  if (eventType.startsWith('account.')) {
    const raw = typeof payload.link === 'string' ? payload.link : null;
    link = raw && !/^https?:\/\//.test(raw) ? joinUrl(baseUrl, raw) : raw;
  } else {
    const path = pathFor(eventType, payload);
    link = path ? joinUrl(baseUrl, path) : null;
  }
  return { ...payload, recipientName: recipient.name || recipient.email, link };
}

/** Every event type that produces mail; names are fixed in docs/ARCHITECTURE.md. */
export const ACCOUNT_EVENT_TYPES = [
  'account.email_verification',
  'account.invitation',
  'account.password_reset',
] as const;

export const PROPOSAL_EVENT_TYPES = [
  'proposal.submitted',
  'proposal.resubmitted',
  'proposal.changes_requested',
  'proposal.rejected',
  'proposal.approved',
  'proposal.revoked',
  'proposal.completed',
  'proposal.withdrawn',
] as const;

export const WORKFLOW_EVENT_TYPES = [
  ...PROPOSAL_EVENT_TYPES,
  'review.assigned',
  'review.assessment_completed',
  'procedure.opened',
  'procedure.closed',
  'comment.shared',
  'report.submitted',
  'report.accepted',
  'report.returned',
] as const;

/** Produced by the notification scan, not by the workflow. */
export const REMINDER_EVENT_TYPES = [
  'review.due_soon',
  'review.overdue',
  'procedure.closing_soon',
  'report.due_soon',
  'report.overdue',
] as const;

/** The daily digest is a mail of its own (no outbox event). */
export const DIGEST_EVENT_TYPE = 'notification.digest';

export const NOTIFICATION_EVENT_TYPES = [
  ...ACCOUNT_EVENT_TYPES,
  ...WORKFLOW_EVENT_TYPES,
  ...REMINDER_EVENT_TYPES,
] as const;

export type AccountEventType = (typeof ACCOUNT_EVENT_TYPES)[number];
export type NotificationEventType = (typeof NOTIFICATION_EVENT_TYPES)[number];
export type TemplateName = NotificationEventType | typeof DIGEST_EVENT_TYPE;

/** Event types a user may set to immediately / digest / off (account mail is always sent at once). */
export const CONFIGURABLE_EVENT_TYPES: readonly NotificationEventType[] = NOTIFICATION_EVENT_TYPES.filter(
  (type) => !isAccountEventType(type),
);

export function isAccountEventType(type: string): type is AccountEventType {
  return (ACCOUNT_EVENT_TYPES as readonly string[]).includes(type);
}

export function isNotificationEventType(type: string): type is NotificationEventType {
  return (NOTIFICATION_EVENT_TYPES as readonly string[]).includes(type);
}

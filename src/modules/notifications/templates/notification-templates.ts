import type { TemplateName } from '../notification-event-types.js';
import {
  checkVariables,
  defineTemplate,
  formatDate,
  formatDay,
  html,
  layout,
  type RenderedMail,
  type TemplateDefinition,
  type VariableSpec,
  type VariablesOf,
} from './template-kit.js';

const account = { recipientName: 'text', link: 'url', expiresAt: 'optional-date' } as const;
const proposal = {
  recipientName: 'text',
  reference: 'text',
  title: 'text',
  link: 'url',
  note: 'optional-text',
} as const;
const report = { ...proposal, period: 'text' } as const;

const open = (label: string) => (v: { link: string }) => ({ label, url: v.link });
const noteLine = (label: string, note: string | null | undefined) => (note ? `${label}: ${note}` : null);
const expiry = (v: { expiresAt?: string | null }) =>
  v.expiresAt ? `The link is valid until ${formatDate(v.expiresAt)}.` : null;

/**
 * One template per event type (docs/ARCHITECTURE.md), plus the reminders and the daily digest.
 * `satisfies` makes a missing or misspelt event type a compile error.
 */
export const NOTIFICATION_TEMPLATES = {
  'account.email_verification': defineTemplate({
    variables: account,
    subject: () => 'Confirm your e-mail address for the Flagship Registry',
    body: (v) => ['Please confirm your e-mail address to finish setting up your account.', expiry(v)],
    action: open('Confirm your e-mail address'),
  }),
  'account.invitation': defineTemplate({
    variables: account,
    subject: () => 'You are invited to the Flagship Registry',
    body: (v) => [
      'You have been invited to the Flagship Registry. Choose a password to activate your account.',
      expiry(v),
    ],
    action: open('Accept the invitation'),
  }),
  'account.password_reset': defineTemplate({
    variables: account,
    subject: () => 'Reset your Flagship Registry password',
    body: (v) => [
      'Someone (hopefully you) asked to reset the password of your account. If it was not you, ignore this mail.',
      expiry(v),
    ],
    action: open('Choose a new password'),
  }),

  'proposal.submitted': defineTemplate({
    variables: proposal,
    subject: (v) => `${v.reference} submitted: ${v.title}`,
    body: (v) => [
      `The proposal ${v.reference} "${v.title}" has been submitted for screening.`,
      noteLine('Note', v.note),
    ],
    action: open('Open the proposal'),
  }),
  'proposal.resubmitted': defineTemplate({
    variables: proposal,
    subject: (v) => `${v.reference} resubmitted after changes: ${v.title}`,
    body: (v) => [
      `The proposal ${v.reference} "${v.title}" has been resubmitted with the requested changes.`,
      noteLine('Note', v.note),
    ],
    action: open('Open the proposal'),
  }),
  'proposal.changes_requested': defineTemplate({
    variables: proposal,
    subject: (v) => `Changes requested on ${v.reference}: ${v.title}`,
    body: (v) => [
      `The coordinators have asked for changes to ${v.reference} "${v.title}".`,
      noteLine('What to change', v.note),
    ],
    action: open('Open the proposal'),
  }),
  'proposal.rejected': defineTemplate({
    variables: proposal,
    subject: (v) => `${v.reference} was not granted flagship status`,
    body: (v) => [`The proposal ${v.reference} "${v.title}" has been rejected.`, noteLine('Reason', v.note)],
    action: open('Open the proposal'),
  }),
  'proposal.approved': defineTemplate({
    variables: proposal,
    subject: (v) => `${v.reference} approved as a flagship`,
    body: (v) => [
      `The proposal ${v.reference} "${v.title}" has been granted flagship status. Its deliverables are now tracked.`,
      noteLine('Note', v.note),
    ],
    action: open('Open the flagship'),
  }),
  'proposal.revoked': defineTemplate({
    variables: proposal,
    subject: (v) => `${v.reference}: flagship status revoked`,
    body: (v) => [
      `The flagship status of ${v.reference} "${v.title}" has been revoked.`,
      noteLine('Reason', v.note),
    ],
    action: open('Open the proposal'),
  }),
  'proposal.completed': defineTemplate({
    variables: proposal,
    subject: (v) => `${v.reference} completed`,
    body: (v) => [
      `The flagship ${v.reference} "${v.title}" has been marked as completed.`,
      noteLine('Note', v.note),
    ],
    action: open('Open the flagship'),
  }),
  'proposal.withdrawn': defineTemplate({
    variables: proposal,
    subject: (v) => `${v.reference} withdrawn by its lead`,
    body: (v) => [
      `The proposal ${v.reference} "${v.title}" has been withdrawn by its lead.`,
      noteLine('Note', v.note),
    ],
    action: open('Open the proposal'),
  }),

  'review.assigned': defineTemplate({
    variables: { ...proposal, dueAt: 'date' },
    subject: (v) => `Review requested: ${v.reference} (due ${formatDay(v.dueAt)})`,
    body: (v) => [
      `You have been asked to review ${v.reference} "${v.title}". Please first declare whether you have a conflict of interest.`,
      `The assessment is due on ${formatDate(v.dueAt)}.`,
      noteLine('Note from the coordinator', v.note),
    ],
    action: open('Open the review'),
  }),
  'review.assessment_completed': defineTemplate({
    variables: proposal,
    subject: (v) => `Assessment completed for ${v.reference}`,
    body: (v) => [`A reviewer has completed the assessment of ${v.reference} "${v.title}".`],
    action: open('Open the assessments'),
  }),
  'procedure.opened': defineTemplate({
    variables: { ...proposal, deadline: 'date' },
    subject: (v) => `Written procedure opened for ${v.reference} (closes ${formatDay(v.deadline)})`,
    body: (v) => [
      `A written procedure to grant flagship status to ${v.reference} "${v.title}" is open.`,
      `Please vote (approve, object or abstain) before ${formatDate(v.deadline)}.`,
      noteLine('Recommendation', v.note),
    ],
    action: open('Vote'),
  }),
  'procedure.closed': defineTemplate({
    variables: { ...proposal, outcome: 'text' },
    subject: (v) => `Written procedure for ${v.reference} closed: ${v.outcome.replace(/_/g, ' ')}`,
    body: (v) => [
      `The written procedure on ${v.reference} "${v.title}" has closed with the outcome: ${v.outcome.replace(/_/g, ' ')}.`,
    ],
    action: open('Open the proposal'),
  }),
  'comment.shared': defineTemplate({
    variables: proposal,
    subject: (v) => `New comment on ${v.reference}`,
    body: (v) => [
      `A new comment has been shared on ${v.reference} "${v.title}".`,
      noteLine('Comment', v.note),
    ],
    action: open('Read the comment'),
  }),
  'report.submitted': defineTemplate({
    variables: report,
    subject: (v) => `Progress report ${v.period} submitted for ${v.reference}`,
    body: (v) => [
      `The lead of ${v.reference} "${v.title}" has submitted the progress report for ${v.period}.`,
      noteLine('Note', v.note),
    ],
    action: open('Verify the report'),
  }),
  'report.accepted': defineTemplate({
    variables: report,
    subject: (v) => `Progress report ${v.period} for ${v.reference} accepted`,
    body: (v) => [
      `The progress report for ${v.period} of ${v.reference} "${v.title}" has been accepted.`,
      noteLine('Note', v.note),
    ],
    action: open('Open the report'),
  }),
  'report.returned': defineTemplate({
    variables: report,
    subject: (v) => `Progress report ${v.period} for ${v.reference} returned for changes`,
    body: (v) => [
      `The progress report for ${v.period} of ${v.reference} "${v.title}" has been returned.`,
      noteLine('What to change', v.note),
    ],
    action: open('Open the report'),
  }),

  'review.due_soon': defineTemplate({
    variables: { ...proposal, dueAt: 'date' },
    subject: (v) => `Reminder: your review of ${v.reference} is due ${formatDay(v.dueAt)}`,
    body: (v) => [`Your assessment of ${v.reference} "${v.title}" is due on ${formatDate(v.dueAt)}.`],
    action: open('Open the review'),
  }),
  'review.overdue': defineTemplate({
    variables: { ...proposal, dueAt: 'date' },
    subject: (v) => `Overdue: your review of ${v.reference} was due ${formatDay(v.dueAt)}`,
    body: (v) => [
      `Your assessment of ${v.reference} "${v.title}" was due on ${formatDate(v.dueAt)}. Please complete it or tell the coordinator.`,
    ],
    action: open('Open the review'),
  }),
  'procedure.closing_soon': defineTemplate({
    variables: { ...proposal, deadline: 'date' },
    subject: (v) => `Reminder: vote on ${v.reference} before ${formatDate(v.deadline)}`,
    body: (v) => [
      `The written procedure on ${v.reference} "${v.title}" closes on ${formatDate(v.deadline)} and you have not voted yet.`,
    ],
    action: open('Vote'),
  }),
  'report.due_soon': defineTemplate({
    variables: { ...report, dueDate: 'date' },
    subject: (v) => `Reminder: progress report ${v.period} for ${v.reference} due ${formatDay(v.dueDate)}`,
    body: (v) => [
      `The progress report for ${v.period} of ${v.reference} "${v.title}" is due on ${formatDay(v.dueDate)}.`,
    ],
    action: open('Write the report'),
  }),
  'report.overdue': defineTemplate({
    variables: { ...report, dueDate: 'date' },
    subject: (v) => `Overdue: progress report ${v.period} for ${v.reference} was due ${formatDay(v.dueDate)}`,
    body: (v) => [
      `The progress report for ${v.period} of ${v.reference} "${v.title}" was due on ${formatDay(v.dueDate)}.`,
    ],
    action: open('Write the report'),
  }),

  'notification.digest': defineTemplate({
    variables: { recipientName: 'text', items: 'items', day: 'date' },
    subject: (v) =>
      `Your Flagship Registry digest for ${formatDay(v.day)}: ${v.items.length} ${v.items.length === 1 ? 'update' : 'updates'}`,
    body: (v) => [
      `Here is what happened in the Flagship Registry (${v.items.length} ${v.items.length === 1 ? 'update' : 'updates'}):`,
    ],
    extra: (v) => ({
      html: html`<ul>
        ${v.items.map((item) => html`<li>${formatDate(item.at)} · ${item.link ? html`<a href="${item.link}">${item.subject}</a>` : item.subject}</li> `)}
      </ul>`,
      text: v.items
        .map((item) => `- ${formatDate(item.at)} · ${item.subject}${item.link ? `\n  ${item.link}` : ''}`)
        .join('\n'),
    }),
  }),
} satisfies { [N in TemplateName]: { variables: VariableSpec } };

type Templates = typeof NOTIFICATION_TEMPLATES;
export type TemplateVariables<N extends TemplateName> = VariablesOf<Templates[N]['variables']>;

/** Renders a template from typed variables; a missing variable is a compile error here and a throw at run time. */
export function renderTemplate<N extends TemplateName>(
  name: N,
  variables: TemplateVariables<N>,
  preferencesUrl: string,
): RenderedMail {
  return renderUnchecked(name, variables as Record<string, unknown>, preferencesUrl);
}

/** Renders from untyped values (an event payload): every declared variable is checked first. */
export function renderUnchecked(
  name: TemplateName,
  values: Record<string, unknown>,
  preferencesUrl: string,
): RenderedMail {
  const template = NOTIFICATION_TEMPLATES[name] as unknown as TemplateDefinition<VariableSpec>;
  const vars = checkVariables(name, template.variables, values);
  const paragraphs = template.body(vars).filter((p): p is string => typeof p === 'string' && p !== '');
  const recipientName = typeof vars.recipientName === 'string' ? vars.recipientName : null;
  return layout(
    template.subject(vars),
    recipientName,
    paragraphs,
    template.action?.(vars) ?? null,
    template.extra?.(vars) ?? null,
    preferencesUrl,
  );
}

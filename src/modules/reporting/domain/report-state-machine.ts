/**
 * Progress report workflow: draft → submitted → accepted | returned; returned → (resubmit) submitted.
 * Pure: the use cases call `reportTransition` and write what it answers. Only accepted reports count.
 */
export const REPORT_STATES = ['draft', 'submitted', 'accepted', 'returned'] as const;
export type ReportState = (typeof REPORT_STATES)[number];

export const REPORT_ACTIONS = ['edit', 'submit', 'accept', 'return', 'resubmit'] as const;
export type ReportAction = (typeof REPORT_ACTIONS)[number];

/** Who the caller is for this report: a lead (owner or co-editor) or a coordinator of its policy area. */
export interface ReportActor {
  isLead: boolean;
  isCoordinator: boolean;
}

export type ReportTransitionResult =
  | { ok: true; to: ReportState }
  | { ok: false; reason: 'not_allowed' | 'invalid_transition'; message: string };

function needs(role: 'lead' | 'coordinator', actor: ReportActor): boolean {
  return role === 'lead' ? actor.isLead : actor.isCoordinator;
}

export function reportTransition(
  from: ReportState,
  action: ReportAction,
  actor: ReportActor,
): ReportTransitionResult {
  let rule: { from: readonly ReportState[]; to: ReportState; role: 'lead' | 'coordinator' };
  switch (action) {
    // Items are edited while the lead holds the report: a draft, or a returned report being corrected.
    case 'edit':
      rule = { from: ['draft', 'returned'], to: from, role: 'lead' };
      break;
    case 'submit':
      rule = { from: ['draft'], to: 'submitted', role: 'lead' };
      break;
    case 'resubmit':
      rule = { from: ['returned'], to: 'submitted', role: 'lead' };
      break;
    case 'accept':
      rule = { from: ['submitted'], to: 'accepted', role: 'coordinator' };
      break;
    case 'return':
      rule = { from: ['submitted'], to: 'returned', role: 'coordinator' };
      break;
    default: {
      const unknown: never = action;
      throw new Error(`unknown report action ${String(unknown)}`);
    }
  }
  if (!needs(rule.role, actor)) {
    return { ok: false, reason: 'not_allowed', message: `Only the ${rule.role} may ${action} this report` };
  }
  if (!rule.from.includes(from)) {
    return {
      ok: false,
      reason: 'invalid_transition',
      message: `A ${from} report cannot be ${pastTense(action)}`,
    };
  }
  return { ok: true, to: rule.to };
}

function pastTense(action: ReportAction): string {
  return {
    edit: 'edited',
    submit: 'submitted',
    resubmit: 'resubmitted',
    accept: 'accepted',
    return: 'returned',
  }[action];
}

/** The actions this actor may take next on a report in `state` (what the UI shows as buttons). */
export function allowedReportActions(state: ReportState, actor: ReportActor): ReportAction[] {
  return REPORT_ACTIONS.filter((action) => reportTransition(state, action, actor).ok);
}

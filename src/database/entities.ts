import { AuditEvent } from '../modules/audit/audit-event.entity.js';
import { Action } from '../modules/catalog/entities/action.entity.js';
import { IndicatorTarget } from '../modules/catalog/entities/indicator-target.entity.js';
import { Indicator } from '../modules/catalog/entities/indicator.entity.js';
import { Objective } from '../modules/catalog/entities/objective.entity.js';
import { PolicyArea } from '../modules/catalog/entities/policy-area.entity.js';
import { Section } from '../modules/catalog/entities/section.entity.js';
import { Strategy } from '../modules/catalog/entities/strategy.entity.js';
import { OutboxEvent } from '../modules/outbox/outbox-event.entity.js';
import { AccountToken } from '../modules/auth/account-token.entity.js';
import { RefreshToken } from '../modules/auth/refresh-token.entity.js';
import { RoleGrantEntity } from '../modules/users/role-grant.entity.js';
import { User } from '../modules/users/user.entity.js';
import { ProposalAction } from '../modules/proposals/entities/proposal-action.entity.js';
import { ProposalCoEditor } from '../modules/proposals/entities/proposal-co-editor.entity.js';
import { ProposalComment } from '../modules/proposals/entities/proposal-comment.entity.js';
import { ProposalRevision } from '../modules/proposals/entities/proposal-revision.entity.js';
import { Proposal } from '../modules/proposals/entities/proposal.entity.js';
import { Deliverable } from '../modules/proposals/entities/deliverable.entity.js';
import { ReferenceCounter } from '../modules/proposals/entities/reference-counter.entity.js';
import { Assessment } from '../modules/reviews/entities/assessment.entity.js';
import { ReviewAssignment } from '../modules/reviews/entities/review-assignment.entity.js';
import { ProcedureVote } from '../modules/steering-group/entities/procedure-vote.entity.js';
import { WrittenProcedure } from '../modules/steering-group/entities/written-procedure.entity.js';
import { NotificationPreference } from '../modules/notifications/notification-preference.entity.js';
import { Notification } from '../modules/notifications/notification.entity.js';
import { ReminderSent } from '../modules/notifications/reminder-sent.entity.js';
import { DeliverableChange } from '../modules/deliverables/deliverable-change.entity.js';
import { IndicatorProgress } from '../modules/monitoring/entities/indicator-progress.entity.js';
import { ProgressReport } from '../modules/reporting/entities/progress-report.entity.js';
import { ReportItem } from '../modules/reporting/entities/report-item.entity.js';

/** Every entity, listed once so the API, the worker, the CLI and the tests load the same model. */
export const ENTITIES = [
  Strategy,
  PolicyArea,
  Section,
  Action,
  Objective,
  Indicator,
  IndicatorTarget,
  AuditEvent,
  OutboxEvent,
  User,
  RoleGrantEntity,
  RefreshToken,
  AccountToken,
  Proposal,
  ProposalAction,
  ProposalCoEditor,
  ProposalRevision,
  Deliverable,
  ProposalComment,
  ReferenceCounter,
  ReviewAssignment,
  Assessment,
  WrittenProcedure,
  ProcedureVote,
  Notification,
  NotificationPreference,
  ReminderSent,
  DeliverableChange,
  ProgressReport,
  ReportItem,
  IndicatorProgress,
];

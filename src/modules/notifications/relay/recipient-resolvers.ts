import type { EntityManager } from 'typeorm';
import type { NotificationEventType } from '../notification-event-types.js';

export interface Recipient {
  userId: string | null;
  email: string;
  name: string;
}

/** An outbox event as the relay reads it. */
export interface RelayEvent {
  id: string;
  eventType: string;
  aggregateId: string;
  policyAreaId: string | null;
  actorId: string | null;
  payload: Record<string, unknown>;
  createdAt: Date;
}

type Resolver = (db: EntityManager, event: RelayEvent) => Promise<Recipient[]>;

const ACTIVE = `u.deactivated_at IS NULL`;

function text(payload: Record<string, unknown>, key: string): string | null {
  const value = payload[key];
  return typeof value === 'string' && value !== '' ? value : null;
}

function policyArea(event: RelayEvent): string | null {
  return event.policyAreaId ?? text(event.payload, 'policyAreaId');
}

function proposalId(event: RelayEvent): string | null {
  return (
    text(event.payload, 'proposalId') ?? (event.eventType.startsWith('proposal.') ? event.aggregateId : null)
  );
}

async function holdersOf(db: EntityManager, role: string, policyAreaId: string | null): Promise<Recipient[]> {
  if (!policyAreaId) return [];
  return db.query(
    `SELECT DISTINCT u.id AS "userId", u.email, u.name
       FROM role_grants g JOIN users u ON u.id = g.user_id
      WHERE g.role = $1 AND g.policy_area_id = $2 AND g.revoked_at IS NULL AND ${ACTIVE}`,
    [role, policyAreaId],
  );
}

const coordinators = (db: EntityManager, event: RelayEvent) =>
  holdersOf(db, 'coordinator', policyArea(event));
const steeringGroup = (db: EntityManager, event: RelayEvent) =>
  holdersOf(db, 'steering_group_member', policyArea(event));

async function lead(db: EntityManager, event: RelayEvent): Promise<Recipient[]> {
  const id = proposalId(event);
  if (!id) return [];
  return db.query(
    `SELECT u.id AS "userId", u.email, u.name FROM proposals p JOIN users u ON u.id = p.owner_id
      WHERE p.id = $1 AND ${ACTIVE}`,
    [id],
  );
}

/** The lead and the co-editors who have an account (an invitation not yet accepted gets no workflow mail). */
async function leadAndCoEditors(db: EntityManager, event: RelayEvent): Promise<Recipient[]> {
  const id = proposalId(event);
  if (!id) return [];
  return db.query(
    `SELECT u.id AS "userId", u.email, u.name FROM proposals p JOIN users u ON u.id = p.owner_id
      WHERE p.id = $1 AND ${ACTIVE}
     UNION
     SELECT u.id, u.email, u.name FROM proposal_co_editors c JOIN users u ON u.id = c.user_id
      WHERE c.proposal_id = $1 AND ${ACTIVE}`,
    [id],
  );
}

function userFromPayload(key: string): Resolver {
  return async (db, event) => {
    const id = text(event.payload, key);
    if (!id) return [];
    return db.query(`SELECT u.id AS "userId", u.email, u.name FROM users u WHERE u.id = $1 AND ${ACTIVE}`, [
      id,
    ]);
  };
}

/** Account mail goes to the address in the event (an invitee may not have verified anything yet). */
const accountHolder: Resolver = async (_db, event) => {
  const email = text(event.payload, 'email');
  if (!email) return [];
  return [
    {
      userId: text(event.payload, 'userId'),
      email,
      name: text(event.payload, 'name') ?? email,
    },
  ];
};

/** Steering group members of the procedure's policy area who have not voted yet. */
const membersWithoutVote: Resolver = async (db, event) => {
  const procedureId = text(event.payload, 'procedureId');
  if (!procedureId) return [];
  return db.query(
    `SELECT DISTINCT u.id AS "userId", u.email, u.name
       FROM written_procedures wp
       JOIN role_grants g ON g.policy_area_id = wp.policy_area_id AND g.role = 'steering_group_member'
                         AND g.revoked_at IS NULL
       JOIN users u ON u.id = g.user_id
      WHERE wp.id = $1 AND ${ACTIVE}
        AND NOT EXISTS (SELECT 1 FROM procedure_votes v WHERE v.procedure_id = wp.id AND v.member_id = u.id)`,
    [procedureId],
  );
};

function union(...resolvers: Resolver[]): Resolver {
  // One after another: inside the relay's transaction they share one connection.
  return async (db, event) => {
    const all: Recipient[] = [];
    for (const resolve of resolvers) all.push(...(await resolve(db, event)));
    return all;
  };
}

/** "The other side" of a shared comment: the lead's side hears from the secretariat and vice versa. */
const otherSide: Resolver = async (db, event) => {
  const side = text(event.payload, 'side');
  const recipients =
    side === 'secretariat' ? await leadAndCoEditors(db, event) : await coordinators(db, event);
  const author = text(event.payload, 'authorId') ?? event.actorId;
  return recipients.filter((recipient) => recipient.userId !== author);
};

const leadSideAndCoordinators = union(leadAndCoEditors, coordinators);

/**
 * Who receives each event type: the table in DESIGN.md "Notifications", resolved from role grants and proposal
 * membership when the event is relayed. `satisfies` makes a forgotten event type a compile error.
 */
export const RECIPIENT_RESOLVERS = {
  'account.email_verification': accountHolder,
  'account.invitation': accountHolder,
  'account.password_reset': accountHolder,
  'proposal.submitted': union(coordinators, lead),
  'proposal.resubmitted': union(coordinators, lead),
  'proposal.changes_requested': leadSideAndCoordinators,
  'proposal.rejected': leadSideAndCoordinators,
  'proposal.approved': leadSideAndCoordinators,
  'proposal.revoked': leadSideAndCoordinators,
  'proposal.completed': leadSideAndCoordinators,
  // Not in the design's table: the coordinators are the ones who need to know a proposal left their desk.
  'proposal.withdrawn': coordinators,
  'review.assigned': userFromPayload('reviewerId'),
  'review.assessment_completed': coordinators,
  'procedure.opened': steeringGroup,
  'procedure.closed': union(steeringGroup, lead),
  'comment.shared': otherSide,
  'report.submitted': coordinators,
  'report.accepted': leadAndCoEditors,
  'report.returned': leadAndCoEditors,
  'review.due_soon': userFromPayload('reviewerId'),
  'review.overdue': userFromPayload('reviewerId'),
  'procedure.closing_soon': membersWithoutVote,
  'report.due_soon': leadAndCoEditors,
  'report.overdue': leadAndCoEditors,
} satisfies Record<NotificationEventType, Resolver>;

/** One mail per address, even when someone is both co-editor and coordinator. */
export async function resolveRecipients(
  db: EntityManager,
  eventType: NotificationEventType,
  event: RelayEvent,
): Promise<Recipient[]> {
  const seen = new Map<string, Recipient>();
  for (const recipient of await RECIPIENT_RESOLVERS[eventType](db, event)) {
    const email = recipient.email.trim().toLowerCase();
    if (email && !seen.has(email)) seen.set(email, { ...recipient, email });
  }
  return [...seen.values()];
}

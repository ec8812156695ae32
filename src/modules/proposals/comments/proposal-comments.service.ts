import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppError } from '../../../common/errors/app-error.js';
import { AuditService } from '../../audit/audit.service.js';
import type { AuthUser } from '../../auth/auth-user.js';
import { OutboxService } from '../../outbox/outbox.service.js';
import type { CommentVisibility } from '../entities/proposal-comment.entity.js';
import { ProposalReadPolicy, type ProposalReadAccess } from '../proposal-read.policy.js';
import type { CreateCommentDto } from './create-comment.dto.js';

export interface CommentView {
  id: string;
  body: string;
  visibility: CommentVisibility;
  author: { id: string; name: string };
  createdAt: string;
}

interface CommentRow {
  id: string;
  body: string;
  visibility: CommentVisibility;
  author: { id: string; name: string };
  created_at: string;
}

/** Audit action of a new comment; the history shows it to the lead only when the comment is shared. */
export const COMMENT_ADDED_ACTION = 'comment.added';

/** May this reader write a comment of this visibility? Returns the refusal, or null. */
export function commentRefusal(access: ProposalReadAccess, visibility: CommentVisibility): string | null {
  if (access.level === 'lead') {
    return visibility === 'shared' ? null : 'The lead and co-editors may only write shared comments';
  }
  const secretariat =
    access.isCoordinator ||
    access.isSteeringMember ||
    access.reviewerState === 'cleared' ||
    access.reviewerState === 'completed';
  return secretariat
    ? null
    : 'Only the lead, co-editors, coordinators, assigned reviewers and steering group members may comment';
}

@Injectable()
export class ProposalCommentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: ProposalReadPolicy,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
  ) {}

  /** Oldest first, like a conversation; the lead side never receives internal comments. */
  async list(proposalId: string, user: AuthUser): Promise<CommentView[]> {
    const access = await this.policy.fullAccess(proposalId, user);
    const rows = (await this.dataSource.query(
      `SELECT c.id, c.body, c.visibility, c.created_at, json_build_object('id', u.id, 'name', u.name) AS author
         FROM proposal_comments c JOIN users u ON u.id = c.author_id
        WHERE c.proposal_id = $1 AND ($2::boolean OR c.visibility = 'shared')
        ORDER BY c.created_at, c.id`,
      [proposalId, access.level === 'secretariat'],
    )) as CommentRow[];
    return rows.map(toView);
  }

  async create(proposalId: string, user: AuthUser, dto: CreateCommentDto): Promise<CommentView> {
    const access = await this.policy.fullAccess(proposalId, user);
    const refusal = commentRefusal(access, dto.visibility);
    if (refusal) {
      throw new AppError(HttpStatus.FORBIDDEN, 'COMMENT_FORBIDDEN', refusal, [
        { field: 'visibility', message: refusal },
      ]);
    }
    const { proposal } = access;
    return this.dataSource.transaction(async (manager) => {
      const rows = (await manager.query(
        `INSERT INTO proposal_comments (proposal_id, author_id, visibility, body) VALUES ($1, $2, $3, $4)
         RETURNING id, body, visibility, created_at, json_build_object('id', $2::uuid, 'name', $5::text) AS author`,
        [proposal.id, user.id, dto.visibility, dto.body, user.name],
      )) as CommentRow[];
      const comment = rows[0] as CommentRow;
      await this.audit.record(manager, {
        actorId: user.id,
        action: COMMENT_ADDED_ACTION,
        entityType: 'proposal',
        entityId: proposal.id,
        data: { commentId: comment.id, visibility: dto.visibility },
      });
      if (dto.visibility === 'shared') {
        await this.outbox.emit(manager, {
          eventType: 'comment.shared',
          aggregateType: 'proposal',
          aggregateId: proposal.id,
          policyAreaId: proposal.policyAreaId,
          actorId: user.id,
          payload: {
            proposalId: proposal.id,
            reference: proposal.reference,
            title: proposal.title,
            policyAreaId: proposal.policyAreaId,
            action: 'comment',
            fromState: proposal.state,
            toState: proposal.state,
            note: dto.body,
            actorId: user.id,
            commentId: comment.id,
            authorId: user.id,
            // The recipients are "the other side" of the author.
            side: access.level === 'lead' ? 'lead' : 'secretariat',
          },
        });
      }
      return toView(comment);
    });
  }
}

function toView(row: CommentRow): CommentView {
  return {
    id: row.id,
    body: row.body,
    visibility: row.visibility,
    author: row.author,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

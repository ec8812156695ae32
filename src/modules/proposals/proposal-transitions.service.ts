import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppError } from '../../common/errors/app-error.js';
import type { AuthUser } from '../auth/auth-user.js';
import type { ProposalAction } from './domain/proposal-state-machine.js';
import { expectedVersion } from '../../common/http/if-match.js';
import { ProposalTransitionService } from './proposal-transition.service.js';
import { ProposalViewService, type ProposalView } from './proposal-view.service.js';

/** The transitions served by POST /api/proposals/:id/transitions/:action (the others have richer endpoints). */
export const SIMPLE_TRANSITIONS = [
  'submit',
  'resubmit',
  'request_changes',
  'reject',
  'complete',
  'revoke',
  'withdraw',
] as const satisfies readonly ProposalAction[];
export type SimpleTransition = (typeof SIMPLE_TRANSITIONS)[number];

const ELSEWHERE: Partial<Record<string, string>> = {
  start_review: 'POST /api/proposals/{id}/reviews',
  recommend: 'POST /api/proposals/{id}/recommend',
  close_procedure: 'POST /api/procedures/{procedureId}/close',
};

/** One transaction per transition request; it answers with the proposal as the transaction leaves it. */
@Injectable()
export class ProposalTransitionsUseCase {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transitions: ProposalTransitionService,
    private readonly views: ProposalViewService,
  ) {}

  async run(
    user: AuthUser,
    proposalId: string,
    actionParam: string,
    body: { version?: number; note?: string | null },
    ifMatch: string | undefined,
  ): Promise<ProposalView> {
    const action = parseAction(actionParam);
    const version = expectedVersion(body.version, ifMatch);
    return this.dataSource.transaction(async (manager) => {
      const applied = await this.transitions.apply(manager, {
        proposalId,
        action,
        actor: user,
        expectedVersion: version,
        note: body.note,
      });
      // The caller's standing was checked before the change; the answer is built inside the transaction, from
      // what submit/resubmit already read or with one more read, instead of three reads after the commit.
      if (applied.content)
        return this.views.compose(applied.access, applied.content.core, applied.content.extras);
      return this.views.read(manager, user, applied.access, proposalId);
    });
  }
}

/** Accepts request_changes and request-changes alike. */
export function parseAction(value: string): SimpleTransition {
  const action = value.replace(/-/g, '_');
  if ((SIMPLE_TRANSITIONS as readonly string[]).includes(action)) return action as SimpleTransition;
  const elsewhere = ELSEWHERE[action];
  throw AppError.badRequest(
    'VALIDATION_FAILED',
    elsewhere ? `${action} has its own endpoint: ${elsewhere}` : `'${value}' is not a proposal action`,
    [
      {
        field: 'action',
        message: elsewhere ? `use ${elsewhere}` : `action must be one of ${SIMPLE_TRANSITIONS.join(', ')}`,
      },
    ],
  );
}

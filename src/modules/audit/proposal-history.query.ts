import { PageCursor, PageLimit } from '../../common/http/pagination.js';

export class ProposalHistoryQuery {
  @PageLimit(50, 'Events')
  limit?: number;

  @PageCursor(/^[1-9]\d{0,17}$/)
  cursor?: string;
}

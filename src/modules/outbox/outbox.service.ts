import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SqlParams } from '../../common/database/sql-params.js';

export interface DomainEvent {
  eventType: string;
  aggregateType: string;
  aggregateId: string;
  policyAreaId?: string | null;
  actorId?: string | null;
  payload?: Record<string, unknown>;
}

/** Writes domain events into the outbox inside the caller's transaction. */
@Injectable()
export class OutboxService {
  private readonly logger = new Logger(OutboxService.name);

  async emit(manager: EntityManager, event: DomainEvent): Promise<string> {
    const params = new SqlParams();
    const rows = (await manager.query(
      `${OutboxService.insertStatement(event, params)} RETURNING id`,
      params.values,
    )) as Array<{ id: string }>;
    const id = String(rows[0]?.id);
    this.logger.debug({ outboxEventId: id, eventType: event.eventType }, 'outbox event written');
    return id;
  }

  /** The INSERT of one event, for callers that write it together with their change in one statement. */
  static insertStatement(event: DomainEvent, params: SqlParams): string {
    const values = params.addAll([
      event.eventType,
      event.aggregateType,
      event.aggregateId,
      event.policyAreaId ?? null,
      event.actorId ?? null,
      JSON.stringify(event.payload ?? {}),
    ]);
    return `INSERT INTO outbox_events (event_type, aggregate_type, aggregate_id, policy_area_id, actor_id, payload)
            VALUES (${values})`;
  }
}

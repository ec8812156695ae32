import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

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
    const rows = (await manager.query(
      `INSERT INTO outbox_events (event_type, aggregate_type, aggregate_id, policy_area_id, actor_id, payload)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [
        event.eventType,
        event.aggregateType,
        event.aggregateId,
        event.policyAreaId ?? null,
        event.actorId ?? null,
        JSON.stringify(event.payload ?? {}),
      ],
    )) as Array<{ id: string }>;
    const id = String(rows[0]?.id);
    this.logger.debug({ outboxEventId: id, eventType: event.eventType }, 'outbox event written');
    return id;
  }
}

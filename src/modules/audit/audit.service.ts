import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SqlParams } from '../../common/database/sql-params.js';
import { currentRequestId } from '../../common/logging/request-context.js';

export interface AuditEntry {
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  fromState?: string | null;
  toState?: string | null;
  note?: string | null;
  data?: Record<string, unknown>;
}

/** Writes audit events inside the caller's transaction, so a change and its history commit together. */
@Injectable()
export class AuditService {
  async record(manager: EntityManager, entry: AuditEntry): Promise<void> {
    const params = new SqlParams();
    await manager.query(AuditService.insertStatement(entry, params), params.values);
  }

  /** The INSERT of one audit event, for callers that write it together with their change in one statement. */
  static insertStatement(entry: AuditEntry, params: SqlParams): string {
    const values = params.addAll([
      entry.actorId,
      entry.action,
      entry.entityType,
      entry.entityId,
      entry.fromState ?? null,
      entry.toState ?? null,
      entry.note ?? null,
      JSON.stringify(entry.data ?? {}),
      currentRequestId() ?? null,
    ]);
    return `INSERT INTO audit_events (actor_id, action, entity_type, entity_id, from_state, to_state, note, data, request_id)
            VALUES (${values})`;
  }
}

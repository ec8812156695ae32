import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** Human-readable references per policy area and year: SECURE-2026-0007. */
@Injectable()
export class ReferenceCodeService {
  /**
   * Hands out the next number inside the caller's transaction. The upsert takes the counter row's lock, so
   * concurrent creations queue on it and never get the same number; a rolled-back creation leaves a gap.
   */
  async next(
    manager: EntityManager,
    policyArea: { id: string; code: string },
    now = new Date(),
  ): Promise<string> {
    const year = now.getUTCFullYear();
    const rows = (await manager.query(
      `INSERT INTO reference_counters (policy_area_id, year, last_number) VALUES ($1, $2, 1)
       ON CONFLICT (policy_area_id, year) DO UPDATE SET last_number = reference_counters.last_number + 1
       RETURNING last_number`,
      [policyArea.id, year],
    )) as Array<{ last_number: number }>;
    const number = rows[0]?.last_number ?? 1;
    return `${policyArea.code}-${year}-${String(number).padStart(4, '0')}`;
  }
}

import { AuditEvent } from '../modules/audit/audit-event.entity.js';
import { Action } from '../modules/catalog/entities/action.entity.js';
import { IndicatorTarget } from '../modules/catalog/entities/indicator-target.entity.js';
import { Indicator } from '../modules/catalog/entities/indicator.entity.js';
import { Objective } from '../modules/catalog/entities/objective.entity.js';
import { PolicyArea } from '../modules/catalog/entities/policy-area.entity.js';
import { Section } from '../modules/catalog/entities/section.entity.js';
import { Strategy } from '../modules/catalog/entities/strategy.entity.js';
import { OutboxEvent } from '../modules/outbox/outbox-event.entity.js';

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
];

import { z } from 'zod';

const code = z.string().regex(/^[A-Za-z0-9._-]+$/, 'codes are letters, digits, ".", "_" and "-"');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'dates are YYYY-MM-DD');

const target = z.object({
  code,
  position: z.number().int().min(1),
  description: z.string().min(1),
  value: z.number().nullable(),
  deadline: isoDate.nullable(),
  deadlineText: z.string().nullable(),
});

const indicator = z.object({
  code,
  position: z.number().int().min(1),
  title: z.string().min(1),
  kind: z.enum(['count', 'percent', 'milestone']),
  unit: z.string().nullable(),
  baseline: z.object({
    text: z.string(),
    year: z.number().int().nullable(),
    value: z.number().nullable(),
    breakdown: z.array(z.object({ label: z.string().min(1), value: z.number() })),
  }),
  targets: z.array(target).min(1),
});

const objective = z.object({
  code,
  position: z.number().int().min(1),
  title: z.string().min(1),
  baseline: z.object({ text: z.string(), year: z.number().int().nullable() }),
  dataSources: z.array(z.string()),
  indicators: z.array(indicator).min(1),
});

const action = z.object({
  code,
  position: z.number().int().min(1),
  title: z.string().min(1),
  description: z.string(),
});

const section = z.object({
  code,
  position: z.number().int().min(1),
  title: z.string().min(1),
  description: z.string(),
  actions: z.array(action),
  objectives: z.array(objective),
});

/** The shape of a catalog data file (catalog/*.json): one policy area of one strategy. */
export const catalogFileSchema = z.object({
  catalogVersion: z.string().min(1),
  strategy: z.object({ code, name: z.string().min(1) }),
  policyArea: z.object({
    code,
    name: z.string().min(1),
    title: z.string().min(1),
    coordinators: z.array(z.string().min(1)),
    website: z.string().nullable(),
    description: z.string(),
    principles: z.array(z.string()),
    decisionRule: z.enum(['silence', 'majority']),
    quorum: z.number().int().min(0).nullable(),
    reportingPeriod: z.object({
      frequency: z.enum(['yearly', 'half_yearly']),
      dueMonth: z.number().int().min(1).max(12),
      dueDay: z.number().int().min(1).max(31),
    }),
  }),
  sections: z.array(section).min(1),
  transcriptionNotes: z.array(z.string()).optional(),
});

export type CatalogFile = z.infer<typeof catalogFileSchema>;

/**
 * The published flagship criteria, checked all at once when a proposal is submitted or resubmitted.
 * Pure: the caller resolves linked actions and indicators from the catalog and passes them in.
 */

import type { FieldError } from '../../../common/errors/app-error.js';

/** EU member states around the Baltic Sea plus Norway and Iceland (the strategy's cooperation partners). */
export const BSR_COUNTRIES = ['DK', 'DE', 'EE', 'FI', 'LV', 'LT', 'PL', 'SE', 'NO', 'IS'] as const;
export const MIN_BSR_COUNTRIES = 3;
export const MAX_PERIOD_YEARS = 10;

/** A catalog item (action or indicator) as linked by the proposal. */
export interface LinkedCatalogItem {
  code: string;
  policyAreaId: string;
  retired: boolean;
}

export interface EligibilityDeliverable {
  title: string;
  dueDate: string | null;
  /** The indicator the deliverable contributes to, or null when none is linked. */
  indicator: LinkedCatalogItem | null;
}

export interface EligibilityContribution {
  indicatorCode: string;
  /** null when the code is not in the catalog any more. */
  indicator: LinkedCatalogItem | null;
}

export interface EligibilityInput {
  policyAreaId: string;
  title: string;
  summary: string;
  leadOrganisation: string | null;
  leadCountry: string | null;
  partners: ReadonlyArray<{ organisation: string; country: string }>;
  actions: readonly LinkedCatalogItem[];
  periodStart: string | null; // YYYY-MM-DD
  periodEnd: string | null;
  budgetEur: number | null;
  fundingSources: ReadonlyArray<{ source: string; amount: number }>;
  indicatorContributions: readonly EligibilityContribution[];
  deliverables: readonly EligibilityDeliverable[];
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isBlank(value: string | null | undefined): boolean {
  return value === null || value === undefined || value.trim().length === 0;
}

function isBsrCountry(country: string): boolean {
  return (BSR_COUNTRIES as readonly string[]).includes(country.trim().toUpperCase());
}

/** Distinct Baltic Sea region states among the lead and the partners, in the order they appear. */
export function bsrCountriesOf(input: Pick<EligibilityInput, 'leadCountry' | 'partners'>): string[] {
  const countries = [input.leadCountry, ...input.partners.map((partner) => partner.country)]
    .filter((country): country is string => typeof country === 'string' && isBsrCountry(country))
    .map((country) => country.trim().toUpperCase());
  return [...new Set(countries)];
}

function toCents(amount: number): number {
  return Math.round(amount * 100);
}

function formatEur(cents: number): string {
  return `EUR ${(cents / 100).toFixed(2)}`;
}

/** `date` plus whole years, as YYYY-MM-DD (29 February rolls to 1 March in a common year). */
function addYears(date: string, years: number): string {
  const parsed = new Date(`${date}T00:00:00Z`);
  parsed.setUTCFullYear(parsed.getUTCFullYear() + years);
  return parsed.toISOString().slice(0, 10);
}

function isValidDate(date: string | null): date is string {
  if (date === null || !ISO_DATE.test(date)) return false;
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date;
}

function catalogProblem(
  item: LinkedCatalogItem,
  policyAreaId: string,
  what: 'Action' | 'Indicator',
): string | null {
  if (item.policyAreaId !== policyAreaId) {
    return `${what} ${item.code} belongs to another policy area`;
  }
  if (item.retired) return `${what} ${item.code} has been retired from the action plan`;
  return null;
}

/** Every unmet criterion as `{ field, message }`; an empty list means the proposal is eligible. */
export function checkEligibility(input: EligibilityInput): FieldError[] {
  const errors: FieldError[] = [];

  if (isBlank(input.title)) errors.push({ field: 'title', message: 'A title is required' });
  if (isBlank(input.summary)) errors.push({ field: 'summary', message: 'A summary is required' });
  if (isBlank(input.leadOrganisation)) {
    errors.push({ field: 'leadOrganisation', message: 'The lead organisation is required' });
  }
  if (isBlank(input.leadCountry)) {
    errors.push({ field: 'leadCountry', message: 'The lead country is required' });
  }

  // Actions.
  if (input.actions.length === 0) {
    errors.push({
      field: 'actionCodes',
      message: 'Link the proposal to at least one action of the action plan',
    });
  }
  input.actions.forEach((action, index) => {
    const problem = catalogProblem(action, input.policyAreaId, 'Action');
    if (problem) errors.push({ field: `actionCodes[${index}]`, message: problem });
  });

  // Partnership.
  const countries = bsrCountriesOf(input);
  if (countries.length < MIN_BSR_COUNTRIES) {
    errors.push({
      field: 'partners',
      message:
        `The lead and partners must come from at least ${MIN_BSR_COUNTRIES} different Baltic Sea region states ` +
        `(${BSR_COUNTRIES.join(', ')}); found ${countries.length}${countries.length ? ` (${countries.join(', ')})` : ''}`,
    });
  }

  // Period.
  const startValid = isValidDate(input.periodStart);
  const endValid = isValidDate(input.periodEnd);
  if (!startValid)
    errors.push({ field: 'periodStart', message: 'The start of the project period is required' });
  if (!endValid) errors.push({ field: 'periodEnd', message: 'The end of the project period is required' });
  const periodCoherent =
    startValid && endValid && (input.periodStart as string) < (input.periodEnd as string);
  if (startValid && endValid && !periodCoherent) {
    errors.push({ field: 'periodEnd', message: 'The project period must end after it starts' });
  }
  if (
    periodCoherent &&
    (input.periodEnd as string) > addYears(input.periodStart as string, MAX_PERIOD_YEARS)
  ) {
    errors.push({
      field: 'periodEnd',
      message: `The project period may last at most ${MAX_PERIOD_YEARS} years`,
    });
  }

  // Budget.
  const budget = input.budgetEur;
  const budgetPositive = typeof budget === 'number' && Number.isFinite(budget) && budget > 0;
  if (!budgetPositive) {
    errors.push({ field: 'budgetEur', message: 'The budget must be greater than zero' });
  }
  if (input.fundingSources.length === 0) {
    errors.push({ field: 'fundingSources', message: 'List at least one funding source' });
  } else if (budgetPositive) {
    const sum = input.fundingSources.reduce((total, funding) => total + toCents(funding.amount), 0);
    if (sum !== toCents(budget)) {
      errors.push({
        field: 'fundingSources',
        message: `The funding sources add up to ${formatEur(sum)} but the budget is ${formatEur(toCents(budget))}`,
      });
    }
  }

  // Indicator contributions.
  input.indicatorContributions.forEach((contribution, index) => {
    const field = `indicatorContributions[${index}].indicatorCode`;
    if (contribution.indicator === null) {
      errors.push({ field, message: `Indicator ${contribution.indicatorCode} is not in the action plan` });
      return;
    }
    const problem = catalogProblem(contribution.indicator, input.policyAreaId, 'Indicator');
    if (problem) errors.push({ field, message: problem });
  });

  // Deliverables.
  if (!input.deliverables.some((deliverable) => deliverable.indicator !== null)) {
    errors.push({
      field: 'deliverables',
      message: 'Plan at least one deliverable that contributes to an indicator of the action plan',
    });
  }
  input.deliverables.forEach((deliverable, index) => {
    if (isBlank(deliverable.title)) {
      errors.push({ field: `deliverables[${index}].title`, message: 'The deliverable needs a title' });
    }
    if (!isValidDate(deliverable.dueDate)) {
      errors.push({ field: `deliverables[${index}].dueDate`, message: 'The deliverable needs a due date' });
    } else if (
      startValid &&
      endValid &&
      (deliverable.dueDate < (input.periodStart as string) ||
        deliverable.dueDate > (input.periodEnd as string))
    ) {
      errors.push({
        field: `deliverables[${index}].dueDate`,
        message: `The due date must fall within the project period (${input.periodStart} to ${input.periodEnd})`,
      });
    }
    if (deliverable.indicator !== null) {
      const problem = catalogProblem(deliverable.indicator, input.policyAreaId, 'Indicator');
      if (problem) errors.push({ field: `deliverables[${index}].indicatorCode`, message: problem });
    }
  });

  return errors;
}

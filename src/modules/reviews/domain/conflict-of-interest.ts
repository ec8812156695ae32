/**
 * Automatic conflict-of-interest detection: a reviewer whose organisation is the lead or a partner of the
 * proposal may not assess it. Organisation names are compared ignoring case and surrounding or repeated spaces.
 */

export function normaliseOrganisation(name: string | null | undefined): string {
  return (name ?? '').trim().replace(/\s+/g, ' ').toLowerCase();
}

export interface ProposalOrganisations {
  leadOrganisation: string | null;
  partners: ReadonlyArray<{ organisation: string }>;
}

/** The proposal's organisation the reviewer belongs to (as the proposal spells it), or null. */
export function detectConflict(
  reviewerOrganisation: string | null | undefined,
  proposal: ProposalOrganisations,
): string | null {
  const reviewer = normaliseOrganisation(reviewerOrganisation);
  if (reviewer === '') return null;
  const organisations = [
    proposal.leadOrganisation ?? '',
    ...proposal.partners.map((partner) => partner.organisation),
  ];
  return organisations.find((organisation) => normaliseOrganisation(organisation) === reviewer) ?? null;
}

import { describe, expect, it } from '@jest/globals';
import { detectConflict } from './conflict-of-interest.js';

const proposal = {
  leadOrganisation: 'Swedish Civil Contingencies Agency',
  partners: [{ organisation: 'Finnish Rescue Academy' }, { organisation: 'Estonian  Rescue Board' }],
};

describe('detectConflict', () => {
  it('finds the lead organisation, ignoring case and spaces', () => {
    expect(detectConflict('  swedish civil contingencies agency ', proposal)).toBe(
      'Swedish Civil Contingencies Agency',
    );
  });

  it('finds a partner organisation, collapsing repeated spaces', () => {
    expect(detectConflict('Estonian Rescue Board', proposal)).toBe('Estonian  Rescue Board');
  });

  it('finds nothing for another organisation', () => {
    expect(detectConflict('CBSS Expert Network', proposal)).toBeNull();
  });

  it('never matches an empty organisation, even against an empty lead', () => {
    expect(detectConflict('', { leadOrganisation: null, partners: [] })).toBeNull();
    expect(detectConflict('   ', { leadOrganisation: '', partners: [{ organisation: '' }] })).toBeNull();
    expect(detectConflict(null, proposal)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { applicationStage, bankSteps, bankTransition, stageIndex } from './rules';

describe('application rules', () => {
  it('lets the bank accept, ask for material, decline or approve only while open', () => {
    expect(bankSteps('submitted')).toEqual(['accept', 'more_info', 'decline', 'approve']);
    expect(bankSteps('accepted')).toEqual(['more_info', 'decline', 'approve']);
    expect(bankSteps('more_info')).toEqual(['accept', 'more_info', 'decline', 'approve']);
    for (const closed of ['declined', 'approved', 'withdrawn'] as const) expect(bankSteps(closed)).toEqual([]);
    expect(bankTransition('submitted', 'approve')).toBe('approved');
    expect(bankTransition('approved', 'decline')).toBeNull();
  });

  it('maps status and letter of intent to the stage the enterprise follows', () => {
    expect(applicationStage('submitted', null)).toBe('submitted');
    expect(applicationStage('more_info', null)).toBe('accepted');
    expect(applicationStage('approved', 'proposed')).toBe('review');
    expect(applicationStage('approved', 'signed')).toBe('review');
    expect(applicationStage('approved', 'approved')).toBe('credit');
    expect(applicationStage('approved', 'disbursed')).toBe('disbursed');
    expect(applicationStage('approved', 'terminated')).toBe('ended');
    expect(applicationStage('declined', null)).toBe('declined');
    expect(stageIndex('disbursed')).toBe(4);
    expect(stageIndex('declined')).toBe(-1);
  });
});

import { describe, expect, it } from 'vitest';
import { combineSwapped } from './position-swap';

describe('combineSwapped', () => {
  it('counts a win only when both orders prefer the answer with skills', () => {
    const win = combineSwapped(
      { winner: '2', score1: 40, score2: 80, reason: '' },
      { winner: '1', score1: 90, score2: 30, reason: '' },
    );
    expect(win).toEqual({
      outcome: 'win',
      consistent: true,
      preferences: ['skills', 'skills'],
      scoreBase: 35,
      scoreSkills: 85,
    });
    expect(combineSwapped({ winner: '1', reason: '' }, { winner: '2', reason: '' })).toMatchObject({
      outcome: 'loss',
      consistent: true,
      preferences: ['base', 'base'],
    });
  });

  it('turns a judge that always picks the first answer into a tie (position bias)', () => {
    expect(combineSwapped({ winner: '1', reason: '' }, { winner: '1', reason: '' })).toEqual({
      outcome: 'tie',
      consistent: false,
      preferences: ['base', 'skills'],
    });
  });
});

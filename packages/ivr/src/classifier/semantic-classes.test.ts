import { describe, expect, it } from 'vitest';
import { stem, tokenize } from './normalize-text.js';
import { semanticClasses } from './semantic-classes.js';

const classesOf = (text: string) => semanticClasses(tokenize(text).map(stem));

describe('semanticClasses', () => {
  it('gives a word no example holds the class of its neighbours', () => {
    expect(classesOf('they took fifty quid off me')).toContain('money');
    expect(classesOf('the screen is glitchy')).toContain('broken');
    expect(classesOf('could I get a quotation')).toContain('price');
  });

  it('reads a breakage said without a breakage word', () => {
    expect(classesOf("the app won't load")).toEqual(['broken']);
    expect(classesOf('nothing works since the update')).toContain('broken');
    expect(classesOf('it stopped syncing')).toContain('broken');
  });

  it('leaves a verb that is not negated alone', () => {
    expect(classesOf('how do I open a shared board')).not.toContain('broken');
  });
});

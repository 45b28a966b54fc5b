import { expect } from '@open-wc/testing';
import { wordDiff } from './word-diff.js';

describe('wordDiff', () => {
  it('marks the words taken out and put in, and keeps the rest', () => {
    const parts = wordDiff('We email you once a week.', 'We email you twice a month.');
    expect(parts).to.deep.equal([
      { kind: 'same', text: 'We email you ' },
      { kind: 'removed', text: 'once ' },
      { kind: 'added', text: 'twice ' },
      { kind: 'same', text: 'a ' },
      { kind: 'removed', text: 'week.' },
      { kind: 'added', text: 'month.' },
    ]);
  });

  it('gives the new text back when nothing was there before, and nothing changed as same', () => {
    expect(wordDiff('', 'New text')).to.deep.equal([{ kind: 'added', text: 'New text' }]);
    expect(wordDiff('Same text', 'Same text')).to.deep.equal([{ kind: 'same', text: 'Same text' }]);
  });

  it('rebuilds both texts from its parts', () => {
    const before = 'Offers by SMS, at most twice a month, until you withdraw.';
    const after = 'Offers by SMS or email, at most once a month, until you withdraw at any time.';
    const parts = wordDiff(before, after);
    const join = (kinds: string[]) =>
      parts
        .filter((part) => kinds.includes(part.kind))
        .map((part) => part.text)
        .join('');
    expect(join(['same', 'added']).replace(/\s+/g, ' ')).to.equal(after);
    expect(join(['same', 'removed']).replace(/\s+/g, ' ').trim()).to.equal(before);
  });
});

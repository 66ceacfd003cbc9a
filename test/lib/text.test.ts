import { describe, expect, it } from 'vitest';
import { LineIndex, lineIndexOf, linePlace } from '../../src/lib/text.ts';

describe('lineIndexOf', () => {
  it('shares one index per report and builds a new one when the text is not the one indexed', () => {
    const report = { text: 'a\nbc\n' };
    const index = lineIndexOf(report);
    expect(lineIndexOf(report)).toBe(index);
    expect(index.pointAt(3)).toEqual({ line: 2, column: 2, offset: 3 });
    const other = { text: 'x\r\ny' };
    expect(lineIndexOf(other)).not.toBe(index);
    expect(linePlace(lineIndexOf(other), 1)).toEqual(new LineIndex('x\r\ny').placeAt(0, 1));
  });
});

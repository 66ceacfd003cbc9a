import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/lib/config.ts';
import { readFrontmatter, type FrontmatterProblem } from '../../src/lib/frontmatter.ts';
import { frontmatterProblemMessage } from '../../src/lib/frontmatter-problems.ts';
import { importReport } from '../../src/lib/import/convert.ts';
import { isParsedReport } from '../../src/lib/node/parse-cache.ts';
import { parseReport } from '../../src/lib/parse.ts';
import { scaffoldReport, TemplateError } from '../../src/lib/scaffold.ts';
import { LineIndex } from '../../src/lib/text.ts';

/** A problem without its place (each kind of problem keeps its own fields). */
type Data = FrontmatterProblem extends infer Problem ? (Problem extends FrontmatterProblem ? Omit<Problem, 'place'> : never) : never;

/** The problems the parser finds in `text`, without their places. */
function problemsOf(text: string): Data[] {
  return readFrontmatter(text, new LineIndex(text)).problems.map(({ place: _place, ...problem }) => problem);
}

const bomb = (() => {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let level = 1; level < 10; level++) {
    const previous = String.fromCharCode(96 + level);
    const name = String.fromCharCode(97 + level);
    lines.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
  }
  return `---\n${lines.join('\n')}\n---\n`;
})();

describe('frontmatter problems are data: a code and what the wording needs, worded in one place', () => {
  it.each<[string, string, Data, string]>([
    ['no closing line', '---\ntitle: x\n\n# Body\n', { code: 'unclosed' }, 'Unexpected end of file in frontmatter, expected a closing `---` line'],
    [
      'a code language, as written',
      '---JS\n{ title: 1 }\n---\n',
      { code: 'language', language: 'JS' },
      'Unexpected frontmatter language `JS`, expected YAML (`---` or `---yaml`); code in frontmatter is never run',
    ],
    [
      'a YAML syntax error, with the parser’s first line',
      '---\ntitle: x\ntitle: y\n---\n',
      { code: 'yaml-syntax', reason: 'Map keys must be unique' },
      'Unexpected YAML syntax (Map keys must be unique), expected valid YAML',
    ],
    [
      'an alias bomb, with the limit',
      bomb,
      { code: 'yaml-aliases', reason: 'Excessive alias count indicates a resource exhaustion attack', limit: 50 },
      'Unexpected YAML that expands too far (Excessive alias count indicates a resource exhaustion attack), expected at most 50 aliases',
    ],
  ])('%s', (_name, text, problem, message) => {
    const problems = readFrontmatter(text, new LineIndex(text)).problems;
    expect(problemsOf(text)).toEqual([problem]);
    expect(problems.map(frontmatterProblemMessage)).toEqual([message]);
  });

  it('reads the lines between the fences as YAML, whatever the case of the tag, and nothing else', () => {
    const read = (text: string) => readFrontmatter(text, new LineIndex(text));
    // A tag in capitals is still YAML (gray-matter, which split the block before, refused it as an unknown engine).
    expect(read('---YAML\ntitle: x\n---\n').data).toEqual({ title: 'x' });
    expect(read('---Yml \r\ntitle: x\r\n...\r\n').data).toEqual({ title: 'x' });
    // A line that only starts with `---` is inside the block (gray-matter ended the block there, silently).
    const dashes = read('---\ntitle: x\n----\ndate: y\n---\n\n# Body\n');
    expect(dashes.problems.map((problem) => problem.code)).toEqual(['yaml-syntax']);
    expect(dashes.endOffset).toBe('---\ntitle: x\n----\ndate: y\n---\n'.length);
    // Comments and blank lines alone: an empty mapping, with nothing parsed.
    expect(read('---\n# nothing yet\n#\n\n---\n').data).toEqual({});
    expect(read('---\n  # indented\n\t\n---\n').data).toEqual({});
    expect(read('---\n# a comment\nx # then a value\n---\n').data).toBe('x');
    // In time that grows with the block, not its square (a pattern tried at every line took 1.5 s here).
    const blanks = `---\n${' \n'.repeat(30_000)}---\n`;
    const started = performance.now();
    expect(read(blanks).data).toEqual({});
    expect(performance.now() - started).toBeLessThan(250);
    // A field's place is the file's own.
    const text = '---yaml\ntitle: API down\n---\n';
    const block = read(text);
    expect(block.fields.title!.value.start).toEqual({ line: 2, column: 8, offset: text.indexOf('API down') });
  });

  it('gives `hindsight new` and `hindsight import` the words the `frontmatter` rule uses', () => {
    const config = defaultConfig();
    const template = '---js\n{ title: 1 }\n---\n\n# Body\n';
    expect(() => scaffoldReport(template, { title: 'API down', date: '2024-03-01' }, config)).toThrow(
      new TemplateError('Unexpected frontmatter language `js`, expected YAML (`---` or `---yaml`); code in frontmatter is never run (line 1)'),
    );
    const imported = importReport('2020-01-02-outage.md', '---\ntitle: x\n\n# Outage\n', { config, now: new Date('2024-06-01T00:00:00Z') });
    expect(imported.notes.map((note) => note.message)).toContain(
      'Unexpected frontmatter that cannot be read (Unexpected end of file in frontmatter, expected a closing `---` line), expected a YAML mapping; it is kept as the start of the body',
    );
  });

  it('are what the parse cache reads back: an entry holding worded problems, or an unknown code, is a miss', () => {
    const path = 'postmortems/2024-03-01-api-down.md';
    const parsed = parseReport(path, '---\ntitle: x\ntitle: y\n---\n\n# Body\n', defaultConfig());
    expect(parsed.frontmatter.problems).toMatchObject([{ code: 'yaml-syntax' }]);
    expect(isParsedReport(JSON.parse(JSON.stringify(parsed)), path)).toBe(true);
    const place = parsed.frontmatter.problems[0]!.place;
    const withProblems = (problems: unknown[]) => ({ ...parsed, frontmatter: { ...parsed.frontmatter, problems } });
    // The shape before problems were data.
    expect(isParsedReport(withProblems([{ message: 'Unexpected YAML syntax (x), expected valid YAML', place }]), path)).toBe(false);
    expect(isParsedReport(withProblems([{ code: 'other', place }]), path)).toBe(false);
    expect(isParsedReport(withProblems([{ code: 'language', place }]), path)).toBe(false);
    expect(isParsedReport(withProblems([{ code: 'yaml-aliases', reason: 'x', place }]), path)).toBe(false);
    expect(isParsedReport(withProblems([{ code: 'yaml-aliases', reason: 'x', limit: 50, place }]), path)).toBe(true);
  });
});

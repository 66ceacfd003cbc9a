/**
 * What is wrong with a frontmatter block, in words. The parser (`frontmatter.ts`)
 * says it as data (a code, what was found, a place); this module words it, once,
 * for everything that shows it: the `frontmatter` rule's message, `hindsight new`
 * refusing a template it cannot fill in, and `hindsight import` keeping a source's
 * unreadable frontmatter as text. (Those two may not import a rule module, so the
 * wording cannot live in the rule; `timeline/problems.ts` is the same arrangement.)
 */
import type { FrontmatterProblem } from './frontmatter.ts';
import { literal } from './text.ts';

/** The "Unexpected X, expected Y" message for a frontmatter problem. */
export function frontmatterProblemMessage(problem: FrontmatterProblem): string {
  switch (problem.code) {
    case 'unclosed':
      return 'Unexpected end of file in frontmatter, expected a closing `---` line';
    case 'language':
      return `Unexpected frontmatter language ${literal(problem.language)}, expected YAML (\`---\` or \`---yaml\`); code in frontmatter is never run`;
    case 'yaml-syntax':
      return `Unexpected YAML syntax (${problem.reason}), expected valid YAML`;
    case 'yaml-aliases':
      return `Unexpected YAML that expands too far (${problem.reason}), expected at most ${problem.limit} aliases`;
  }
}

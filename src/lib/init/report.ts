/**
 * What `hindsight init` prints: what it wrote (or would write), what it kept,
 * the lines to add to existing files, and what to do next.
 */
import { scriptLine } from './package-json.ts';
import type { InitPlan } from './plan.ts';

/** What actually happened, as the command saw it. */
export interface InitOutcome {
  /** `--dry-run`: nothing was written. */
  dryRun: boolean;
  /** Files created. */
  written: readonly string[];
  /** Files that appeared while init ran (another process): left as they are. */
  appeared: readonly string[];
  /** Whether package.json was written (it may have changed under init, which then leaves it). */
  packageJsonWritten: boolean;
  /** A project path as the user should see it (relative to the working directory). */
  show(path: string): string;
}

const indent = (lines: readonly string[], by = '    ') => lines.map((line) => (line === '' ? '' : `${by}${line}`));

/** The report init prints on stdout. */
export function formatInitReport(plan: InitPlan, outcome: InitOutcome): string {
  const out: string[] = [];
  const { show } = outcome;
  const notes: Record<string, string> = {};
  if (plan.fromRemote) notes['hindsight.config.yaml'] = plan.fromRemote;
  if (plan.deployBranch)
    notes['.github/workflows/postmortems.yml'] = `deploys pushes to \`${plan.deployBranch}\`; edit \`branches:\` if the default branch is another`;

  if (outcome.dryRun) {
    for (const file of plan.files) out.push(`--- ${show(file.path)} ---`, file.text.trimEnd(), '');
    if (plan.packageJson) {
      const added = plan.scripts.filter((script) => script.kind === 'add');
      out.push(`--- ${show('package.json')} (scripts added) ---`, ...added.map((script) => scriptLine(script.name, script.script.command)), '');
    }
  }

  const written = outcome.dryRun ? plan.files.map((file) => file.path) : outcome.written;
  const added = outcome.dryRun || outcome.packageJsonWritten ? (plan.packageJson?.added ?? []) : [];
  if (written.length > 0 || added.length > 0) {
    out.push(outcome.dryRun ? 'Would write (dry run: nothing was written):' : 'Wrote:');
    for (const path of written) out.push(`  ${show(path)}${notes[path] ? `  (${notes[path]})` : ''}`);
    if (added.length > 0)
      out.push(`  ${show('package.json')}: ${outcome.dryRun ? 'would add' : 'added'} the scripts ${added.map((name) => `\`${name}\``).join(', ')}`);
    out.push('');
  } else {
    out.push('Nothing to write: the project already has every file Hindsight needs.', '');
  }

  const kept = [...plan.kept, ...outcome.appeared];
  if (kept.length > 0) out.push('Already there, left as they are:', ...kept.map((path) => `  ${show(path)}`), '');

  const hints = [...plan.hints];
  if (plan.packageJson && !outcome.dryRun && !outcome.packageJsonWritten) {
    hints.push({
      path: 'package.json',
      why: 'it changed while init ran, so init left it; add these scripts',
      lines: plan.scripts.filter((script) => script.kind === 'add').map((script) => scriptLine(script.name, script.script.command)),
    });
  }
  if (hints.length > 0) {
    out.push('Add these lines yourself (init never edits an existing file):');
    for (const hint of hints) out.push(`  ${show(hint.path)} (${hint.why}):`, ...indent(hint.lines), '');
  }

  const build = plan.scripts.find((script) => script.script.command === 'astro build');
  const buildCommand = build && build.kind !== 'suggest' ? `npm run ${build.name}` : 'npx astro build';
  const dev = plan.scripts.find((script) => script.script.command === 'astro dev');
  const devCommand = dev && dev.kind !== 'suggest' ? `npm run ${dev.name}` : 'npx astro dev';
  const steps: string[] = [];
  if (plan.missingDependencies.length > 0) steps.push(`npm i -D ${plan.missingDependencies.join(' ')}`);
  steps.push(
    `npx hindsight new "What users saw"   write your first report in ${show(plan.contentFolder)}/; \`npx hindsight check\` says what is left to fill in`,
    `${buildCommand}   check every report and build the site into dist/ (\`${devCommand}\` serves it while you write)`,
    'commit and push, then in the repository\'s Settings → Pages set "Source" to "GitHub Actions"',
  );
  out.push('Next:', ...steps.map((step, index) => `  ${index + 1}. ${step}`));
  if (plan.otherPackageManager)
    out.push(
      '',
      `Note: \`${plan.otherPackageManager}\` says this project uses another package manager than npm; the workflow runs \`npm ci\`, so edit it to match.`,
    );
  return `${out.join('\n')}\n`;
}

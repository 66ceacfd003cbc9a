/**
 * `hindsight init`, the pure part: from what the project already has (file texts,
 * package.json, the Git remote) to what to write and what to tell the user. The
 * command (`src/cli/commands/init.ts`) reads the files, writes what this plans,
 * and prints `formatInitReport`.
 *
 * The one rule: a file that exists is never overwritten or edited, with one
 * exception, package.json, which only gains scripts under names that are free.
 * For everything else that exists, the plan holds the lines to add by hand.
 */
import { builtInTemplate } from '../scaffold.ts';
import { configSchema, defaultCacheDir, type Config } from '../config.ts';
import {
  astroConfigLines,
  astroConfigNames,
  astroConfigText,
  contentConfigLines,
  contentConfigNames,
  contentConfigText,
  hasCollections,
  installsIntegration,
} from './astro.ts';
import { configFileText, missingConfigLines } from './config-file.ts';
import { gitignoreText, missingIgnoreLines } from './gitignore.ts';
import { addScripts, parsePackageJson, planScripts, scriptLine, scriptRunning, type ScriptPlan } from './package-json.ts';
import { pagesSite, type GithubRepository } from './remote.ts';
import { workflowPath, workflowText } from './workflow.ts';

/** The configuration files Hindsight reads, in its own order (src/lib/node/config.ts). */
const configNames = ['hindsight.config.yaml', 'hindsight.config.yml'];

/** The existing configuration, when there is one. */
export interface ExistingConfig {
  /** Its file name (`hindsight.config.yaml`). */
  file: string;
  /** Its parsed YAML, before validation (to see which keys are written). */
  data: unknown;
  /** The validated configuration. */
  config: Config;
}

/** What init knows of the project before it writes anything. */
export interface InitInput {
  /** The content folder asked for with `--content` (normalized), if any. */
  content?: string;
  /** The existing configuration, if any: its content folder wins over the default. */
  existingConfig?: ExistingConfig;
  /** package.json as it is. */
  packageJson: string;
  /**
   * The text of every file of `pathsToRead(contentFolder)` that exists (paths relative
   * to the project root, `/` separators); a missing key means the file does not exist.
   */
  files: Readonly<Record<string, string>>;
  /** The github.com repository of the Git remote, if any. */
  repository?: GithubRepository;
  /** The Git remote it was read from (`origin`), for the message. */
  remoteName?: string;
  /** The branch whose pushes deploy. */
  defaultBranch: string;
}

/** A file to create. */
export interface PlannedFile {
  /** Relative to the project root, `/` separators. */
  path: string;
  text: string;
}

/** Lines the user should add to an existing file themselves. */
export interface Hint {
  path: string;
  /** Why, in a few words: "add the integration". */
  why: string;
  lines: string[];
}

/** What init will do. */
export interface InitPlan {
  /** The content folder, relative to the project root. */
  contentFolder: string;
  /** Files to create (never existing ones). */
  files: PlannedFile[];
  /** The new package.json text, when scripts are added. */
  packageJson?: { text: string; added: string[] };
  /** What each wanted script became. */
  scripts: ScriptPlan[];
  /** Lines for existing files. */
  hints: Hint[];
  /** Files that already exist and need nothing. */
  kept: string[];
  /** What init filled in from the Git remote, for the message. */
  fromRemote?: string;
  /** The branch the workflow deploys from (when init writes the workflow). */
  deployBranch?: string;
  /** Dependencies package.json lacks. */
  missingDependencies: string[];
  /** Lock files of other package managers: the workflow uses npm. */
  otherPackageManager?: string;
}

/** Every file init looks at, for a content folder. */
export function pathsToRead(contentFolder: string): string[] {
  return [
    ...configNames,
    `${contentFolder}/_template.md`,
    ...astroConfigNames,
    ...contentConfigNames,
    '.gitignore',
    workflowPath,
    'pnpm-lock.yaml',
    'yarn.lock',
    'bun.lock',
    'bun.lockb',
  ];
}

/** The content folder init works with: the existing configuration's, else `--content`, else the default. */
export function contentFolderOf(input: Pick<InitInput, 'content' | 'existingConfig'>): string {
  return (input.existingConfig?.config.content ?? input.content ?? 'postmortems').replace(/\/+$/, '');
}

/** A YAML scalar for a path: plain when safe, else a JSON string (valid YAML). */
function yamlPath(path: string): string {
  return /^[\w./-]+$/.test(path) ? path : JSON.stringify(path);
}

/**
 * Plans init.
 *
 * @throws {PackageJsonError} when package.json is not a JSON object
 */
export function planInit(input: InitInput): InitPlan {
  const contentFolder = contentFolderOf(input);
  const has = (path: string) => Object.hasOwn(input.files, path);
  const files: PlannedFile[] = [];
  const hints: Hint[] = [];
  const kept: string[] = [];
  const config = input.existingConfig?.config ?? configSchema.parse({ content: contentFolder });

  // The configuration: written when there is none; otherwise only what it lacks is printed.
  if (input.existingConfig) {
    const lines = missingConfigLines(input.existingConfig.data, {
      content: input.content ?? contentFolder,
      contentGiven: input.content !== undefined,
      repository: input.repository,
    });
    if (lines.length > 0) hints.push({ path: input.existingConfig.file, why: 'settings init would have written', lines });
    else kept.push(input.existingConfig.file);
  } else {
    files.push({ path: configNames[0]!, text: configFileText({ content: contentFolder, repository: input.repository }) });
  }

  // The template `hindsight new` copies: the same one `new` falls back to without it.
  const templatePath = `${contentFolder}/_template.md`;
  if (has(templatePath)) kept.push(templatePath);
  else files.push({ path: templatePath, text: builtInTemplate(config) });

  const astroConfig = astroConfigNames.find(has);
  if (astroConfig === undefined) files.push({ path: 'astro.config.mjs', text: astroConfigText() });
  else if (installsIntegration(input.files[astroConfig]!)) kept.push(astroConfig);
  else hints.push({ path: astroConfig, why: 'install the integration', lines: astroConfigLines() });

  const contentConfig = contentConfigNames.find(has);
  if (contentConfig === undefined) files.push({ path: 'src/content.config.ts', text: contentConfigText() });
  else if (hasCollections(input.files[contentConfig]!)) kept.push(contentConfig);
  else hints.push({ path: contentConfig, why: "add the reports' collections", lines: contentConfigLines() });

  if (!has('.gitignore')) files.push({ path: '.gitignore', text: gitignoreText() });
  else {
    const missing = missingIgnoreLines(input.files['.gitignore']!);
    if (missing.length > 0) hints.push({ path: '.gitignore', why: 'keep built and installed files out of Git', lines: missing });
    else kept.push('.gitignore');
  }

  // package.json: scripts under free names are added; the others are printed.
  const data = parsePackageJson(input.packageJson);
  const scripts = planScripts(data);
  const additions = scripts.filter((plan) => plan.kind === 'add').map((plan) => [plan.name, plan.script.command] as const);
  const packageJson = additions.length > 0 ? { text: addScripts(input.packageJson, additions), added: additions.map(([name]) => name) } : undefined;
  const suggestions = scripts.filter((plan) => plan.kind === 'suggest');
  if (suggestions.length > 0) {
    hints.push({
      path: 'package.json',
      why: 'scripts whose names already run something else; add them under these names in "scripts"',
      lines: suggestions.map((plan) =>
        plan.name === undefined ? `${scriptLine('<a free name>', plan.script.command)}` : scriptLine(plan.name, plan.script.command),
      ),
    });
  }

  let deployBranch: string | undefined;
  if (has(workflowPath)) kept.push(workflowPath);
  else {
    const buildScript = scriptRunning(scripts, 'astro build');
    deployBranch = input.defaultBranch;
    files.push({
      path: workflowPath,
      text: workflowText({
        defaultBranch: input.defaultBranch,
        buildCommand: buildScript === undefined ? 'npx astro build' : `npm run ${buildScript}`,
        cacheDir: yamlPath(config.github.cacheDir ?? defaultCacheDir),
      }),
    });
  }

  const dependencies = { ...asRecord(data.dependencies), ...asRecord(data.devDependencies) };
  const missingDependencies = ['hindsight-postmortems', 'astro'].filter((name) => !Object.hasOwn(dependencies, name));
  const otherLock = ['pnpm-lock.yaml', 'yarn.lock', 'bun.lock', 'bun.lockb'].find(has);

  let fromRemote: string | undefined;
  if (input.repository && !input.existingConfig) {
    const site = pagesSite(input.repository);
    fromRemote = `github.repository \`${input.repository.owner}/${input.repository.name}\`, site.url \`${site.url}\` and site.base \`${site.base}\`, from the Git remote \`${input.remoteName ?? 'origin'}\``;
  }
  return {
    contentFolder,
    files,
    packageJson,
    scripts,
    hints,
    kept,
    fromRemote,
    deployBranch,
    missingDependencies,
    otherPackageManager: otherLock,
  };
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, realpath, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../src/lib/node/config.ts';
import { builtInTemplate } from '../../src/lib/scaffold.ts';
import { contentFolderProblem } from '../../src/lib/init/config-file.ts';
import { missingIgnoreLines } from '../../src/lib/init/gitignore.ts';
import { addScripts, parsePackageJson, planScripts } from '../../src/lib/init/package-json.ts';
import { chooseDefaultBranch, pagesSite, parseGithubRemote } from '../../src/lib/init/remote.ts';
import { makeConfig, makeProject, runCli } from '../helpers.ts';

/**
 * Git that does the same everywhere (no global configuration, no search for a
 * repository above the temporary folder); the CLI gets the same environment.
 */
let environment: Record<string, string | undefined>;
const created: string[] = [];

beforeAll(async () => {
  const home = await mkdtemp(join(tmpdir(), 'hindsight-init-home-'));
  created.push(home);
  environment = {
    PATH: process.env.PATH,
    HOME: home,
    XDG_CONFIG_HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CEILING_DIRECTORIES: await realpath(tmpdir()),
  };
});

afterAll(async () => {
  await Promise.all(created.map((folder) => rm(folder, { recursive: true, force: true })));
});

/** A temporary project with the given files, removed at the end. */
async function project(files: Record<string, string>): Promise<string> {
  const root = await makeProject(files);
  created.push(root);
  return root;
}

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'init.defaultBranch=main', ...args], { cwd, env: environment, stdio: 'ignore' });
}

/** `hindsight init` in `cwd`, with the test's git environment. */
function init(cwd: string, ...argv: string[]) {
  return runCli(['init', ...argv], cwd, environment);
}

/** Every file under `root` (but `.git`), with its bytes, to compare before and after. */
async function snapshot(root: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  const walk = async (folder: string) => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      if (entry.name === '.git') continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) await walk(path);
      else files[relative(root, path)] = await readFile(path, 'latin1');
    }
  };
  await walk(root);
  return files;
}

const packageJson = `{
    "name": "infrastructure",
    "version": "1.0.0",
    "scripts": {
        "test": "vitest run"
    },
    "devDependencies": {
        "astro": "^7.0.0",
        "hindsight-postmortems": "^1.0.0"
    }
}
`;

const written = [
  'hindsight.config.yaml',
  'postmortems/_template.md',
  'astro.config.mjs',
  'src/content.config.ts',
  '.gitignore',
  '.github/workflows/postmortems.yml',
];

describe('hindsight init in a repository with only a package.json', () => {
  it('writes every file, adds the scripts, and says what to do next', async () => {
    const root = await project({ 'package.json': packageJson });
    git(root, 'init', '--quiet');
    const result = await init(root);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    for (const path of written) expect(result.stdout).toContain(`  ${path}`);
    expect(result.stdout).toContain('added the scripts `build`, `dev`, `preview`, `postmortems:check`, `postmortems:new`, `postmortems:sync`');
    expect(result.stdout).toContain('npx hindsight new "What users saw"');
    expect(result.stdout).toContain('npm run build');
    expect(result.stdout).toContain('"Source" to "GitHub Actions"');
    // Both dependencies are in package.json already.
    expect(result.stdout).not.toContain('npm i -D');

    // package.json gains the scripts and keeps its 4-space indentation and last newline.
    const updated = await readFile(join(root, 'package.json'), 'utf8');
    expect(updated).toBe(`{
    "name": "infrastructure",
    "version": "1.0.0",
    "scripts": {
        "test": "vitest run",
        "build": "astro build",
        "dev": "astro dev",
        "preview": "astro preview",
        "postmortems:check": "hindsight check",
        "postmortems:new": "hindsight new",
        "postmortems:sync": "hindsight sync"
    },
    "devDependencies": {
        "astro": "^7.0.0",
        "hindsight-postmortems": "^1.0.0"
    }
}
`);

    // The exact Astro files of the contract.
    expect(await readFile(join(root, 'astro.config.mjs'), 'utf8')).toBe(`// @ts-check
import { defineConfig } from 'astro/config';
import hindsight from 'hindsight-postmortems/astro';

export default defineConfig({
  integrations: [hindsight()],
});
`);
    expect(await readFile(join(root, 'src/content.config.ts'), 'utf8')).toBe(`import { hindsightCollections } from 'hindsight-postmortems/astro';

export const collections = hindsightCollections();
`);
    expect(await readFile(join(root, '.gitignore'), 'utf8')).toMatch(/^#.*\ndist\/\n\.astro\/\nnode_modules\/\n$/);

    // The configuration is valid, and is the defaults (no remote: no site address).
    const { config, file } = await loadConfig(root);
    expect(file).toBe('hindsight.config.yaml');
    expect(config).toEqual(makeConfig());
    // The template is the one `hindsight new` falls back to.
    expect(await readFile(join(root, 'postmortems/_template.md'), 'utf8')).toBe(builtInTemplate(config));
    // The workflow deploys from the current branch.
    const workflow = parse(await readFile(join(root, '.github/workflows/postmortems.yml'), 'utf8')) as { on: { push: { branches: string[] } } };
    expect(workflow.on.push.branches).toEqual(['main']);
  });

  it('leaves a project that `check` passes and `new` writes into', async () => {
    const root = await project({ 'package.json': '{ "name": "x" }\n' });
    expect((await init(root)).code).toBe(0);
    expect(await runCli(['check'], root)).toMatchObject({ code: 0 });
    expect(await runCli(['new', 'Disk full', '--date', '2024-05-01'], root)).toMatchObject({ code: 0, stdout: 'postmortems/2024-05-01-disk-full.md\n' });
    // A one-line package.json stays on one line; the missing dependencies are named.
    expect(await readFile(join(root, 'package.json'), 'utf8')).toBe(
      '{ "name": "x", "scripts": { "build": "astro build", "dev": "astro dev", "preview": "astro preview", "postmortems:check": "hindsight check", "postmortems:new": "hindsight new", "postmortems:sync": "hindsight sync" } }\n',
    );
  });

  it('names the missing dependencies', async () => {
    const root = await project({ 'package.json': '{\n  "name": "x",\n  "devDependencies": { "astro": "^7.0.0" }\n}\n' });
    const result = await init(root);
    expect(result.stdout).toContain('  1. npm i -D hindsight-postmortems\n');
  });

  it('finds the project from a subfolder', async () => {
    const root = await project({ 'package.json': '{}\n', 'docs/README.md': '# Docs\n' });
    const result = await init(join(root, 'docs'));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('  ../hindsight.config.yaml');
    await stat(join(root, 'hindsight.config.yaml'));
    await expect(stat(join(root, 'docs/hindsight.config.yaml'))).rejects.toThrow();
  });
});

describe('hindsight init never touches an existing file', () => {
  const existing = {
    'package.json': '{\n\t"name": "site",\n\t"scripts": {\n\t\t"build": "tsc -p .",\n\t\t"dev": "astro dev"\n\t}\n}',
    'astro.config.ts':
      "import { defineConfig } from 'astro/config';\nimport mdx from '@astrojs/mdx';\n\nexport default defineConfig({ integrations: [mdx()] });\n",
    'src/content.config.ts': "import { defineCollection } from 'astro:content';\n\nexport const collections = { docs: defineCollection({}) };\n",
    '.gitignore': '/dist\n# editors\n.vscode/\n',
    'hindsight.config.yaml': 'content: incidents\ntimezone: Europe/Paris\n',
    'incidents/_template.md': '---\ntitle: x\n---\n',
    '.github/workflows/postmortems.yml': 'name: ours\n',
  };

  it('keeps them byte for byte and prints the lines to add', async () => {
    const root = await project(existing);
    git(root, 'init', '--quiet');
    git(root, 'remote', 'add', 'origin', 'git@github.com:acme/site.git');
    const before = await snapshot(root);
    const result = await init(root);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const after = await snapshot(root);
    // Nothing was written, package.json included: its free script names...
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    for (const [path, bytes] of Object.entries(before)) {
      if (path !== 'package.json') expect(after[path], path).toBe(bytes);
    }
    // ...were added without changing a byte of what was there (tabs, no last newline).
    expect(after['package.json']).toBe(
      '{\n\t"name": "site",\n\t"scripts": {\n\t\t"build": "tsc -p .",\n\t\t"dev": "astro dev",\n\t\t"preview": "astro preview",\n\t\t"postmortems:check": "hindsight check",\n\t\t"postmortems:new": "hindsight new",\n\t\t"postmortems:sync": "hindsight sync"\n\t}\n}',
    );
    expect(result.stdout).toContain('  package.json: added the scripts `preview`, `postmortems:check`, `postmortems:new`, `postmortems:sync`');

    const out = result.stdout;
    // The Astro config: the import and the integration.
    expect(out).toContain("  astro.config.ts (install the integration):\n    import hindsight from 'hindsight-postmortems/astro';\n");
    expect(out).toContain('    integrations: [hindsight()],\n');
    // The content config: the spread.
    expect(out).toContain("  src/content.config.ts (add the reports' collections):\n    import { hindsightCollections } from 'hindsight-postmortems/astro';\n");
    expect(out).toContain('    export const collections = { ...hindsightCollections(), /* your collections */ };\n');
    // `build` runs something else: the script to add under another name. `dev` is already right.
    expect(out).toContain('    "postmortems:build": "astro build"\n');
    expect(out).not.toContain('"postmortems:dev"');
    // .gitignore: `/dist` counts for `dist/`; the others are missing.
    expect(out).toContain('  .gitignore (keep built and installed files out of Git):\n    .astro/\n    node_modules/\n');
    // The configuration lacks what the remote says.
    expect(out).toContain(
      '  hindsight.config.yaml (settings init would have written):\n    github:\n      repository: acme/site\n    site:\n      url: https://acme.github.io\n      base: /site/\n',
    );
    // The configured content folder is used: its template is kept.
    expect(out).toContain('Already there, left as they are:\n  incidents/_template.md\n  .github/workflows/postmortems.yml\n');
    expect(out).toMatch(/^Wrote:\n {2}package.json: added/);
  });

  it('prints the content folder asked for when the configuration has another', async () => {
    const root = await project({ 'package.json': '{}\n', 'hindsight.config.yaml': 'content: incidents\n' });
    const result = await init(root, '--content', 'docs/postmortems');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('  hindsight.config.yaml (settings init would have written):\n    content: docs/postmortems\n');
    // The template goes where the configuration says reports are, until it is changed.
    expect(result.stdout).toContain('  incidents/_template.md\n');
    expect(await readFile(join(root, 'hindsight.config.yaml'), 'utf8')).toBe('content: incidents\n');
  });

  it('keeps an Astro config that already installs Hindsight, and uses the build script already there', async () => {
    const root = await project({
      'package.json': '{\n  "scripts": { "site": "astro build" }\n}\n',
      'astro.config.mjs': "import hindsight from 'hindsight-postmortems/astro';\nexport default { integrations: [hindsight()] };\n",
      'src/content.config.mjs':
        "import { hindsightCollections } from 'hindsight-postmortems/astro';\nexport const collections = { ...hindsightCollections() };\n",
    });
    const result = await init(root);
    expect(result.stdout).toContain('Already there, left as they are:\n  astro.config.mjs\n  src/content.config.mjs\n');
    expect(result.stdout).not.toContain('Add these lines yourself');
    await expect(stat(join(root, 'src/content.config.ts'))).rejects.toThrow();
    // `build` is free, so it is added; `npm run build` then builds the site.
    const workflow = await readFile(join(root, '.github/workflows/postmortems.yml'), 'utf8');
    expect(workflow).toContain('run: npm run build\n');
  });

  it('builds with `npx astro build` in CI when no script runs it', async () => {
    const root = await project({ 'package.json': '{ "scripts": { "build": "make", "postmortems:build": "make site", "hindsight:build": "x" } }' });
    const result = await init(root);
    expect(result.stdout).toContain('    "<a free name>": "astro build"\n');
    expect(await readFile(join(root, '.github/workflows/postmortems.yml'), 'utf8')).toContain('run: npx astro build\n');
    expect(result.stdout).toContain('npx astro build   check every report');
  });
});

describe('hindsight init --content', () => {
  it('puts the reports in the folder asked for', async () => {
    const root = await project({ 'package.json': '{}\n' });
    const result = await init(root, '--content', './docs/postmortems/');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('  docs/postmortems/_template.md\n');
    expect((await loadConfig(root)).config.content).toBe('docs/postmortems');
    expect(await readFile(join(root, 'hindsight.config.yaml'), 'utf8')).toContain('\ncontent: docs/postmortems\n');
    expect(await runCli(['new', 'Disk full', '--date', '2024-05-01'], root)).toMatchObject({ code: 0, stdout: 'docs/postmortems/2024-05-01-disk-full.md\n' });
    expect(await runCli(['check'], root)).toMatchObject({ code: 0 });
  });

  it.each([
    ['../elsewhere', 'Unexpected `--content` folder `../elsewhere`, expected a folder inside the project'],
    ['/srv/postmortems', 'Unexpected `--content` folder `/srv/postmortems`, expected a folder inside the project'],
    ['.', 'Unexpected `--content` folder `.`, expected a folder inside the project'],
    ['_drafts', 'with a name starting with `_`'],
    ['', 'Unexpected empty `--content`'],
  ])('refuses `%s` before writing anything', async (folder, message) => {
    const root = await project({ 'package.json': '{}\n' });
    const result = await init(root, '--content', folder);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(Object.keys(await snapshot(root))).toEqual(['package.json']);
  });
});

describe('hindsight init without a usable package.json', () => {
  it('exits 2 and says to create one, when there is none', async () => {
    const root = await project({ 'README.md': '# x\n' });
    git(root, 'init', '--quiet');
    const result = await init(root);
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'hindsight init: Unexpected project without a `package.json`, expected a Node.js project: run `npm init -y` and `npm i -D hindsight-postmortems astro` first, then `npx hindsight init`\n',
    });
    expect(Object.keys(await snapshot(root))).toEqual(['README.md']);
  });

  it.each([
    ['{ "name": ', 'Unexpected `package.json` that is not valid JSON'],
    ['[]', 'Unexpected `package.json` that is not a JSON object'],
  ])('exits 2 and writes nothing for %j', async (text, message) => {
    const root = await project({ 'package.json': text });
    const result = await init(root);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(await snapshot(root)).toEqual({ 'package.json': text });
  });

  it('exits 2 for an invalid configuration, writing nothing', async () => {
    const root = await project({ 'package.json': '{}\n', 'hindsight.config.yaml': 'serverities: [a]\n' });
    const result = await init(root);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('serverities');
    expect(Object.keys(await snapshot(root)).sort()).toEqual(['hindsight.config.yaml', 'package.json']);
  });
});

describe('hindsight init and the Git remote', () => {
  it('fills in the site and the repository from an HTTPS remote, never printing its credentials', async () => {
    const root = await project({ 'package.json': '{}\n' });
    git(root, 'init', '--quiet');
    git(root, 'remote', 'add', 'origin', 'https://deploy-bot:ghp_0123456789abcdefghijABCDEFGHIJ012345@github.com/Acme/Infra.git');
    const result = await init(root);
    expect(result.code).toBe(0);
    const everything = `${result.stdout}${result.stderr}${Object.values(await snapshot(root)).join('\n')}`;
    expect(everything).not.toContain('ghp_');
    expect(everything).not.toContain('deploy-bot');
    expect(result.stdout).toContain('github.repository `Acme/Infra`, site.url `https://acme.github.io` and site.base `/Infra/`, from the Git remote `origin`');
    const { config } = await loadConfig(root);
    expect(config.github.repository).toBe('Acme/Infra');
    expect(config.site).toEqual({ title: 'Postmortems', url: 'https://acme.github.io', base: '/Infra/' });
  });

  it('takes a github.com remote when `origin` is elsewhere, and the user site has the base `/`', async () => {
    const root = await project({ 'package.json': '{}\n' });
    git(root, 'init', '--quiet');
    git(root, 'remote', 'add', 'origin', 'https://gitlab.com/acme/acme.github.io.git');
    git(root, 'remote', 'add', 'upstream', 'ssh://git@github.com/acme/acme.github.io');
    const result = await init(root);
    expect(result.stdout).toContain('from the Git remote `upstream`');
    expect((await loadConfig(root)).config.site).toMatchObject({ url: 'https://acme.github.io', base: '/' });
  });

  it('leaves the site settings commented out without a GitHub remote', async () => {
    const root = await project({ 'package.json': '{}\n' });
    const result = await init(root);
    expect(result.stdout).not.toContain('from the Git remote');
    const text = await readFile(join(root, 'hindsight.config.yaml'), 'utf8');
    expect(text).toContain('  # url: https://acme.github.io\n  base: /\n');
    // Nothing of `github` to set: the whole block is commented out (an empty `github:` would be an error).
    expect(text).toContain('# github:\n#   repository: acme/infrastructure\n');
  });
});

describe('parseGithubRemote', () => {
  it.each([
    ['https://github.com/acme/infra.git', 'acme/infra'],
    ['https://github.com/acme/infra', 'acme/infra'],
    ['https://github.com/acme/infra/', 'acme/infra'],
    ['https://user:ghp_token@github.com/acme/infra.git', 'acme/infra'],
    ['https://x-access-token:abc@www.github.com/acme/in.fra', 'acme/in.fra'],
    ['http://github.com/acme/infra.git', 'acme/infra'],
    ['git@github.com:acme/infra.git', 'acme/infra'],
    ['github.com:acme/infra', 'acme/infra'],
    ['ssh://git@github.com/acme/infra.git', 'acme/infra'],
    ['ssh://git@ssh.github.com:443/acme/infra.git', 'acme/infra'],
    ['git://github.com/acme/infra.git', 'acme/infra'],
    ['git+https://github.com/acme/infra.git', 'acme/infra'],
    ['  https://GitHub.com/Acme/Infra.GIT\n', 'Acme/Infra'],
  ])('reads %j', (url, expected) => {
    const repository = parseGithubRemote(url);
    expect(repository && `${repository.owner}/${repository.name}`).toBe(expected);
  });

  it.each([
    'https://gitlab.com/acme/infra.git',
    'git@gitlab.com:acme/infra.git',
    'https://github.com/acme',
    'https://github.com/acme/infra/tree/main',
    'https://github.com.evil.example/acme/infra',
    'https://evil.example/github.com/acme/infra',
    'https://github.com/-acme/infra',
    'https://github.com/acme/..',
    '/srv/git/infra.git',
    'file:///srv/git/infra.git',
    'C:\\repositories\\infra',
    '',
  ])('refuses %j', (url) => {
    expect(parseGithubRemote(url)).toBeUndefined();
  });

  it('gives the GitHub Pages address of project and user sites', () => {
    expect(pagesSite({ owner: 'Acme', name: 'infra' })).toEqual({ url: 'https://acme.github.io', base: '/infra/' });
    expect(pagesSite({ owner: 'Acme', name: 'acme.github.io' })).toEqual({ url: 'https://acme.github.io', base: '/' });
  });

  it('chooses the default branch', () => {
    expect(chooseDefaultBranch('trunk', 'feature')).toBe('trunk');
    expect(chooseDefaultBranch(undefined, 'master')).toBe('master');
    expect(chooseDefaultBranch(undefined, 'feature/x')).toBe('main');
    expect(chooseDefaultBranch('bad branch', undefined)).toBe('main');
  });
});

describe('hindsight init --dry-run', () => {
  it('prints what it would write and writes nothing', async () => {
    const root = await project({ 'package.json': packageJson, '.gitignore': 'node_modules\n' });
    const result = await init(root, '--dry-run');
    expect(result.code).toBe(0);
    expect(await snapshot(root)).toEqual({ 'package.json': packageJson, '.gitignore': 'node_modules\n' });
    expect(result.stdout).toContain('--- hindsight.config.yaml ---\n# Hindsight: postmortems as code.');
    expect(result.stdout).toContain('--- astro.config.mjs ---\n// @ts-check\n');
    expect(result.stdout).toContain('--- package.json (scripts added) ---\n"build": "astro build"\n');
    expect(result.stdout).toContain('Would write (dry run: nothing was written):\n  hindsight.config.yaml\n');
    expect(result.stdout).toContain('  package.json: would add the scripts `build`');
    expect(result.stdout).toContain('  .gitignore (keep built and installed files out of Git):\n    dist/\n    .astro/\n');
  });
});

describe('hindsight init, run twice', () => {
  it('changes nothing the second time', async () => {
    const root = await project({ 'package.json': packageJson });
    git(root, 'init', '--quiet');
    git(root, 'remote', 'add', 'origin', 'git@github.com:acme/infra.git');
    expect((await init(root)).code).toBe(0);
    const first = await snapshot(root);
    const again = await init(root);
    expect(again.code).toBe(0);
    expect(await snapshot(root)).toEqual(first);
    expect(again.stdout).toMatch(/^Nothing to write: the project already has every file Hindsight needs\.\n\nAlready there, left as they are:\n/);
    expect(again.stdout).not.toContain('Add these lines yourself');
  });
});

describe('hindsight init options', () => {
  it('prints its help', async () => {
    const result = await runCli(['init', '--help'], await project({}));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: hindsight init [options]');
  });

  it('refuses an unknown option', async () => {
    const result = await runCli(['init', '--force'], await project({ 'package.json': '{}' }));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Unknown option '--force'");
  });

  it('is in the command list', async () => {
    expect((await runCli(['--help'], await project({}))).stdout).toContain('  init  ');
  });
});

describe('package.json scripts', () => {
  it('keeps CRLF line endings and adds a `scripts` object when there is none', () => {
    const text = '{\r\n  "name": "x",\r\n  "private": true\r\n}\r\n';
    expect(addScripts(text, [['build', 'astro build']])).toBe(
      '{\r\n  "name": "x",\r\n  "private": true,\r\n  "scripts": {\r\n    "build": "astro build"\r\n  }\r\n}\r\n',
    );
  });

  it('opens an empty `scripts` object', () => {
    expect(addScripts('{\n  "scripts": {},\n  "name": "x"\n}\n', [['dev', 'astro dev']])).toBe(
      '{\n  "scripts": {\n    "dev": "astro dev"\n  },\n  "name": "x"\n}\n',
    );
  });

  it('is not fooled by braces and keys inside strings', () => {
    const text = '{\n  "description": "a } \\" \\"scripts\\": {",\n  "scripts": {\n    "lint": "echo \\"}\\""\n  }\n}\n';
    const result = addScripts(text, [['build', 'astro build']]);
    expect(JSON.parse(result)).toEqual({ ...JSON.parse(text), scripts: { lint: 'echo "}"', build: 'astro build' } });
    expect(result.startsWith(text.slice(0, text.indexOf('\n  }\n}')))).toBe(true);
  });

  it('plans only free names, and sees a script already there under another name', () => {
    const plans = planScripts(parsePackageJson('{ "scripts": { "build": "astro  build ", "dev": "vite", "postmortems:dev": "astro dev" } }'));
    expect(plans.map((plan) => `${plan.kind} ${plan.name}`)).toEqual([
      'present build',
      'present postmortems:dev',
      'add preview',
      'add postmortems:check',
      'add postmortems:new',
      'add postmortems:sync',
    ]);
  });

  it('suggests everything when `scripts` is not an object', () => {
    const plans = planScripts(parsePackageJson('{ "scripts": "nope" }'));
    expect(plans.every((plan) => plan.kind === 'suggest')).toBe(true);
  });
});

describe('.gitignore lines and content folders', () => {
  it('counts equivalent patterns', () => {
    expect(missingIgnoreLines('/dist/\n.astro\nnode_modules/**\n')).toEqual([]);
    expect(missingIgnoreLines('# dist/\n!dist/\n  \n')).toEqual(['dist/', '.astro/', 'node_modules/']);
  });

  it('accepts folders inside the project', () => {
    expect(contentFolderProblem('postmortems')).toBeUndefined();
    expect(contentFolderProblem('docs\\postmortems')).toBeUndefined();
    expect(contentFolderProblem('docs/../..')).toMatch(/^Unexpected/);
  });
});

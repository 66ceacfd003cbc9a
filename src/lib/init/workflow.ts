/**
 * `.github/workflows/postmortems.yml` as `hindsight init` writes it: pull requests
 * check the reports they change and get one comment, updated on every push; pushes
 * to the default branch, a nightly run and a manual run refresh the GitHub state,
 * build the site and deploy it to GitHub Pages.
 */

/** Where the workflow is written, relative to the project root. */
export const workflowPath = '.github/workflows/postmortems.yml';

/**
 * The action versions the workflow uses: the current major version of each.
 * `test/ci-files.test.ts` holds every workflow and action in this repository to this list.
 */
export const actionVersions = {
  checkout: 'actions/checkout@v7',
  setupNode: 'actions/setup-node@v7',
  cache: 'actions/cache@v5',
  configurePages: 'actions/configure-pages@v5',
  uploadPagesArtifact: 'actions/upload-pages-artifact@v5',
  deployPages: 'actions/deploy-pages@v5',
} as const;

/** The Node.js major version CI runs (Hindsight needs 22.12 or later). */
export const ciNodeVersion = 24;

/** What the workflow depends on. */
export interface WorkflowOptions {
  /** The branch whose pushes deploy the site. */
  defaultBranch: string;
  /** The command that builds the site: `npm run build`, or `npx astro build` when no script runs `astro build`. */
  buildCommand: string;
  /** The GitHub state cache folder, relative to the project root (`github.cacheDir`). */
  cacheDir: string;
}

/** The steps every job starts with: the code, Node with npm's download cache, the dependencies. */
function setupSteps(checkoutWith = ''): string {
  return `      - uses: ${actionVersions.checkout}${checkoutWith}
      - uses: ${actionVersions.setupNode}
        with:
          node-version: ${ciNodeVersion}
          cache: npm
      - run: npm ci`;
}

/** The workflow's text. */
export function workflowText(options: WorkflowOptions): string {
  return `# Postmortems: check the reports a pull request changes, and publish the site to
# GitHub Pages. Written by \`hindsight init\`; edit it freely.
# Pages must be enabled once: Settings → Pages → Source: "GitHub Actions".
name: Postmortems

on:
  # Check the reports a pull request changes: annotations on the diff, a summary on the run,
  # and one comment on the pull request.
  pull_request:
  # Publish what lands on the default branch.
  push:
    branches: [${options.defaultBranch}]
  # Nightly, so action-item states, overdue items and \`watch\` expiries stay current
  # even when no report changes (GitHub pauses schedules in repositories inactive for 60 days).
  schedule:
    - cron: '23 5 * * *'
  # And on demand, from the Actions tab.
  workflow_dispatch:

permissions:
  contents: read

jobs:
  check:
    name: Check changed reports
    if: github.event_name == 'pull_request'
    runs-on: ubuntu-latest
    concurrency:
      group: postmortems-check-\${{ github.ref }}
      cancel-in-progress: true
    permissions:
      contents: read
      # \`hindsight comment\` posts one comment on the pull request, and updates it on every push.
      pull-requests: write
    steps:
${setupSteps(`
        with:
          # The whole history, so that \`--changed\` finds the merge base with the target branch.
          fetch-depth: 0`)}
      # In GitHub Actions, \`check\` writes annotations (\`--format github\`) and the step summary.
      - name: Check the changed reports
        id: check
        run: npx hindsight check --changed
      # The earlier reports the changed ones link or read like, with their open action items,
      # the problems and the dates coming up, in one comment. It runs when the check found
      # errors too; a pull request from a fork gets a read-only token, so a comment that
      # cannot be posted never fails the job: the check decides.
      - name: Comment on the pull request
        if: \${{ !cancelled() && steps.check.outcome != 'skipped' }}
        continue-on-error: true
        env:
          GITHUB_TOKEN: \${{ secrets.GITHUB_TOKEN }}
        run: |
          npx hindsight check --changed --format github-comment > "$RUNNER_TEMP/hindsight-comment.md" || [ $? -eq 1 ]
          npx hindsight comment "$RUNNER_TEMP/hindsight-comment.md"

  deploy:
    name: Build and deploy the site
    if: github.event_name != 'pull_request'
    runs-on: ubuntu-latest
    permissions:
      contents: read
      # \`hindsight sync\` reads the state of the issues and pull requests that reports link.
      issues: read
      pull-requests: read
      # actions/deploy-pages publishes the site.
      pages: write
      id-token: write
    environment:
      name: github-pages
      url: \${{ steps.deployment.outputs.page_url }}
    # One deployment at a time; a newer one waits rather than cancelling one under way.
    concurrency:
      group: pages
      cancel-in-progress: false
    steps:
${setupSteps()}
      # The last run's GitHub states, restored after \`npm ci\` (which empties node_modules):
      # the sync then asks GitHub only what changed, with conditional requests.
      - uses: ${actionVersions.cache}
        with:
          path: ${options.cacheDir}
          key: hindsight-github-state-\${{ github.run_id }}
          restore-keys: hindsight-github-state-
      - name: Refresh action-item states from GitHub
        run: npx hindsight sync
        # GitHub being unreachable must not stop the site: it keeps the cached states.
        continue-on-error: true
        env:
          GITHUB_TOKEN: \${{ secrets.GITHUB_TOKEN }}
      - uses: ${actionVersions.configurePages}
      # Checks every report (errors stop the build), builds the site and its search index into dist/.
      - name: Build the site
        run: ${options.buildCommand}
      - uses: ${actionVersions.uploadPagesArtifact}
        with:
          path: dist
      - id: deployment
        uses: ${actionVersions.deployPages}
`;
}

/**
 * What the published site weighs with a large archive: copies the project into
 * a temporary folder, adds synthetic reports (test/fixtures/large-site), runs
 * `npm run build` there and lists the largest pages and files. Exit code 1 when
 * a page (HTML, JSON, XML, calendar) or a search index file reaches 1 MB.
 *
 *   node scripts/site-weight.ts --reports 10000 [--keep]
 */
import { readdir, rm, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { buildProject, copyProject } from '../test/e2e/project.ts';
import { writeReports } from '../test/fixtures/large-site/generate.ts';

const { values } = parseArgs({ options: { reports: { type: 'string', default: '10000' }, keep: { type: 'boolean', default: false } } });
const limit = 1024 * 1024;

async function files(folder: string): Promise<{ path: string; size: number }[]> {
  const found: { path: string; size: number }[] = [];
  for (const entry of await readdir(folder, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    found.push({ path, size: (await stat(path)).size });
  }
  return found;
}

const root = await copyProject();
try {
  await writeReports(join(root, 'postmortems', 'generated'), Number(values.reports));
  const began = performance.now();
  await buildProject(root);
  const seconds = (performance.now() - began) / 1000;
  const dist = join(root, 'dist');
  const all = (await files(dist)).map((file) => ({ ...file, path: relative(dist, file.path) }));
  const pages = all.filter((file) => /\.(html|json|xml|ics)$/.test(file.path) || file.path.startsWith('pagefind/'));
  const largest = [...pages].sort((left, right) => right.size - left.size).slice(0, 15);
  const kib = (size: number) => `${(size / 1024).toFixed(1)} KiB`;
  const html = all.filter((file) => file.path.endsWith('.html'));
  const lines = [
    `${values.reports} synthetic reports (plus the project's own): built in ${seconds.toFixed(0)} s`,
    `${html.length} pages, ${all.length} files, ${kib(all.reduce((total, file) => total + file.size, 0))} in all`,
    'Largest pages and index files:',
    ...largest.map((file) => `  ${kib(file.size).padStart(12)}  ${file.path}`),
  ];
  const over = pages.filter((file) => file.size >= limit);
  lines.push(over.length === 0 ? 'OK: every page is under 1 MB.' : `Over 1 MB: ${over.map((file) => file.path).join(', ')}`);
  if (values.keep) lines.push(`Kept in ${root}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  process.exitCode = over.length === 0 ? 0 : 1;
} finally {
  if (!values.keep) await rm(root, { recursive: true, force: true });
}

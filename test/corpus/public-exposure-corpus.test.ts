/**
 * The `public-exposure` rule over ~350 real postmortems, every one taken as public
 * (`publish.defaultVisibility: public`). They were all published by their teams,
 * so the rule must stay quiet on what public postmortems normally say (versions,
 * documentation addresses, `security@` contacts, peer addresses such as
 * `<node id>@65.2.136.12`) and report only what it is for: the private addresses
 * in log excerpts, personal e-mail addresses, and an AWS `*.compute.internal`
 * host name. The list is exact, so a change in what the rule finds shows here.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { expect, it } from 'vitest';
import { checkReports } from '../../src/lib/check.ts';
import { parseReport } from '../../src/lib/parse.ts';
import publicExposure from '../../src/lib/rules/public-exposure.ts';
import { makeConfig } from '../helpers.ts';
import { corpusFolder as corpus, describeWithCorpus, markdownFiles } from './corpus.ts';

/** `file:line:column kind value`: what each message is about, without its advice. */
function finding(diagnostic: { file: string; message: string; place: { start: { line: number; column: number } } }): string {
  const [, kind, value] =
    /^Unexpected (private IP address|e-mail address|internal host name|mention of the internal report) `([^`]+)`/.exec(diagnostic.message) ?? [];
  return `${diagnostic.file}:${diagnostic.place.start.line}:${diagnostic.place.start.column} ${kind} ${value}`;
}

const binder = 'jupyterhub__mybinder.org-deploy/docs__source__incident-reports__';

describeWithCorpus('public-exposure over the shared corpus, every report public', () => {
  it('reports the private addresses, personal e-mail addresses and internal host names, and nothing else', () => {
    const config = makeConfig({ publish: { defaultVisibility: 'public' } });
    const files = markdownFiles(corpus);
    expect(files.length).toBeGreaterThanOrEqual(340);
    const reports = files.map((file) => parseReport(relative(corpus, file), readFileSync(file), config));
    const diagnostics = checkReports(reports, config, { rules: [publicExposure] });
    expect(diagnostics.map(finding)).toEqual([
      'dfds__postmortems/PM2020-001 - Inotify file watches exhaustion.md:9:42 internal host name ip-10-0-32-54.eu-west-1.compute.internal',
      `${binder}2017-09-27-hub-403.md:70:210 private IP address 10.100.16.12`,
      `${binder}2017-11-30-oom-proxy.md:49:137 private IP address 10.12.5.36`,
      `${binder}2017-11-30-oom-proxy.md:49:172 private IP address 10.12.5.36`,
      `${binder}2018-01-18-reddit-hug.md:85:26 private IP address 10.12.6.136`,
      `${binder}2018-02-20-jupyterlab-announcement.md:60:127 private IP address 10.12.8.137`,
      `${binder}2018-02-20-jupyterlab-announcement.md:60:160 private IP address 10.12.8.137`,
      `${binder}2018-02-20-jupyterlab-announcement.md:63:127 private IP address 10.12.8.137`,
      `${binder}2018-02-20-jupyterlab-announcement.md:105:117 private IP address 10.12.8.27`,
      `${binder}2018-02-20-jupyterlab-announcement.md:293:176 private IP address 10.15.251.161`,
      `${binder}2018-03-13-PVC-hub-locked.md:28:53 private IP address 10.128.0.7`,
      `${binder}2018-03-13-PVC-hub-locked.md:28:66 private IP address 10.128.0.5`,
      `${binder}2019-02-20-no-logs.md:16:32 private IP address 10.128.0.6`,
      `${binder}2019-02-20-no-logs.md:40:32 private IP address 10.128.0.17`,
      'kubernetes__test-infra/docs__post-mortems__2019-01-23.md:3:29 e-mail address bentheelder@google.com',
      'kubernetes__test-infra/docs__post-mortems__2019-02-08.md:370:32 e-mail address skuznets@redhat.com',
      'kubernetes__test-infra/docs__post-mortems__2019-03-26.md:108:139 private IP address 10.63.250.132',
    ]);
  });
});

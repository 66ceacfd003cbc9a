/**
 * `/reviews/` (src/lib/site/reviews.ts) and what a report page says about its
 * review, factors and time to mitigate (src/lib/site/report-review.ts).
 */
import { describe, expect, test } from 'vitest';
import { report } from '../../src/lib/rules/examples.ts';
import { reportReviewFacts } from '../../src/lib/site/report-review.ts';
import { reviewRows, reviewsPage, reviewsPageNumbers, reviewSummary } from '../../src/lib/site/reviews.ts';
import { makeConfig } from '../helpers.ts';
import { siteOf } from './site-of.ts';

/** A report of `date`, `status` and `severity`, its file named after its date and `slug`. */
function file(date: string, slug: string, status: string, severity: string, extra = ''): Record<string, string> {
  return { [`postmortems/${date}-${slug}.md`]: report({ date, status, severity, title: `Incident ${slug}`, extra }) };
}

const files = {
  ...file('2024-05-10', 'api', 'in-review', 'sev2', 'reviewers: [alice, bob]\n'),
  ...file('2024-05-25', 'queue', 'draft', 'sev1'),
  ...file('2024-05-28', 'search', 'draft', 'sev3'),
  ...file('2024-05-22', 'dns', 'in-review', 'sev2'),
  ...file('2024-01-10', 'old', 'reviewed', 'sev1'),
  ...file('2023-01-10', 'archive', 'archived', 'sev1'),
  ...file('2024-02-10', 'done', 'closed', 'sev1'),
};

describe('reviewsPage', () => {
  const site = siteOf(files);

  test('lists draft and in-review reports, overdue first (most overdue first), then by due date', () => {
    const page = reviewsPage(site);
    expect(page.rows.map((row) => [row.row.id, row.due, row.dueState, row.dueText])).toEqual([
      ['2024-05-10-api', '2024-05-20', 'overdue', '12 days overdue'],
      ['2024-05-25-queue', '2024-05-30', 'overdue', '2 days overdue'],
      ['2024-05-22-dns', '2024-06-01', 'today', 'due today'],
      ['2024-05-28-search', '2024-06-17', 'upcoming', 'in 16 days'],
    ]);
    expect(page.overdue).toBe(2);
    expect(page.todayLabel).toBe('Jun 1, 2024');
    expect(page.ruleHref).toBe('/rules/review-overdue/');
  });

  test('gives each row its age, reviewers, due date and why it is due then', () => {
    const [api, queue] = reviewRows(site);
    expect(api).toMatchObject({
      ageDays: 22,
      ageLabel: '22 days',
      reviewers: ['alice', 'bob'],
      dueLabel: 'May 20, 2024',
      overdueDays: 12,
      deadlineLabel: 'sev2: 10 days after the incident',
    });
    expect(api!.row).toMatchObject({ title: 'Incident api', href: '/postmortems/2024-05-10-api/', status: { name: 'in-review', label: 'In review' } });
    expect(queue).toMatchObject({ reviewers: [], deadlineLabel: 'sev1: 5 days after the incident', overdueDays: 2 });
  });

  test('follows `review.days` and the base path; the home page’s summary counts the same', () => {
    const config = makeConfig({ review: { days: { sev3: 2 } }, site: { base: '/docs/' } });
    const configured = siteOf(files, { config });
    const search = reviewRows(configured).find((row) => row.row.id === '2024-05-28-search');
    expect(search).toMatchObject({ due: '2024-05-30', dueState: 'overdue', deadlineLabel: 'sev3: 2 days after the incident' });
    expect(reviewSummary(configured)).toEqual({ awaiting: 4, overdue: 3, href: '/docs/reviews/' });
  });

  test('takes 100 reports a page, the counts and the order being those of the whole list', () => {
    const many: Record<string, string> = {};
    for (let day = 0; day < 250; day++) {
      const date = new Date(Date.UTC(2023, 0, 1 + day)).toISOString().slice(0, 10);
      Object.assign(many, file(date, `draft-${day}`, 'draft', 'sev4'));
    }
    const big = siteOf(many);
    expect(reviewsPageNumbers(big)).toEqual([1, 2, 3]);
    const all = reviewRows(big).map((row) => row.row.id);
    const second = reviewsPage(big, 2);
    expect(second.rows.map((row) => row.row.id)).toEqual(all.slice(100, 200));
    expect(second).toMatchObject({ awaiting: 250, overdue: 250, rangeLabel: 'Reports 101–200 of 250' });
    expect(second.pagination).toMatchObject({ pages: 3, previous: '/reviews/', next: '/reviews/page/3/' });
    expect(reviewsPage(big, 3).rows).toHaveLength(50);
    // A list that fits on one page says nothing about pages.
    expect(reviewsPage(site).rangeLabel).toBeUndefined();
    expect(reviewsPageNumbers(site)).toEqual([1]);
  });

  test('is empty when every report is reviewed', () => {
    const done = siteOf(file('2024-01-10', 'old', 'reviewed', 'sev1'));
    expect(reviewsPage(done)).toMatchObject({ rows: [], overdue: 0 });
  });
});

describe('reportReviewFacts', () => {
  const extra = 'reviewers: [alice]\nfactors: [monitoring-gap, deploy, deploy]\n';
  const body = report({ status: 'in-review', extra }).replace(
    '  end: 2024-03-01T10:42\n',
    '  end: 2024-03-01T10:42\n  detected: 2024-03-01T10:05\n  mitigated: 2024-03-01T10:20\n',
  );
  const site = siteOf({ 'postmortems/2024-03-01-api-down.md': body });

  test('names the reviewers, the review due date while it awaits review, and the factors in the taxonomy’s order', () => {
    expect(reportReviewFacts(site, '2024-03-01-api-down')).toEqual({
      reviewers: ['alice'],
      reviewDue: { date: '2024-03-11', label: 'Mar 11, 2024', text: '82 days overdue', overdue: true, href: '/reviews/' },
      factors: [
        { id: 'deploy', label: 'Deploy', href: '/factors/#factor-deploy' },
        { id: 'monitoring-gap', label: 'Monitoring gap', href: '/factors/#factor-monitoring-gap' },
      ],
      timeToMitigate: '20 m',
      mitigatedLocal: '2024-03-01 10:20 UTC',
    });
    expect(site.reports.get('2024-03-01-api-down')!.factors).toEqual(['monitoring-gap', 'deploy']);
  });

  test('has no due date once reviewed, and nothing for an unknown id', () => {
    const reviewed = siteOf({ 'postmortems/2024-03-01-api-down.md': report() });
    expect(reportReviewFacts(reviewed, '2024-03-01-api-down')).toEqual({ reviewers: [], factors: [] });
    expect(reportReviewFacts(reviewed, 'nope')).toBeUndefined();
  });
});

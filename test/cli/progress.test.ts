/**
 * Progress on stderr (src/cli/progress.ts): redrawn in place on a terminal for
 * long runs, one summary line elsewhere, nothing for short runs.
 */
import { describe, expect, it } from 'vitest';
import { startProgress, summaryLine } from '../../src/cli/progress.ts';
import type { CliIO } from '../../src/cli/io.ts';

function io(options: { tty: boolean; env?: Record<string, string> }) {
  let stderr = '';
  const value: CliIO = {
    cwd: '/',
    env: options.env ?? {},
    stdout: { write: () => {} },
    stderr: { write: (text) => void (stderr += text), isTTY: options.tty },
  };
  return { io: value, stderr: () => stderr };
}

const stats = (files: number, cached: number, threads = 1) => ({ files, cached, parsed: files - cached, threads });

describe('summaryLine', () => {
  it('says how many reports were checked, how long it took and where the parses came from', () => {
    expect(summaryLine('Checked', 1000, stats(1000, 980, 2), 1234)).toBe('Checked 1000 reports in 1.2 s (980 cached, 20 parsed on 2 threads)');
    expect(summaryLine('Checked', 1000, stats(1000, 1000), 412)).toBe('Checked 1000 reports in 412 ms (1000 cached, 0 parsed)');
    expect(summaryLine('Checked', 1, stats(1000, 999), 600)).toBe('Checked 1 report in 600 ms (1000 read: 999 cached, 1 parsed on 1 thread)');
  });
});

describe('startProgress', () => {
  it('prints one summary line for a long run when stderr is not a terminal (CI logs)', () => {
    const { io: value, stderr } = io({ tty: false });
    const progress = startProgress(value);
    for (let done = 1; done <= 300; done++) progress.reading(done, 300);
    progress.checking(300);
    progress.finish('Checked', 300, stats(300, 0, 2));
    expect(stderr()).toMatch(/^Checked 300 reports in [\d.]+ m?s \(0 cached, 300 parsed on 2 threads\)\n$/);
  });

  it('prints nothing for a short run', () => {
    const { io: value, stderr } = io({ tty: true });
    const progress = startProgress(value);
    for (let done = 1; done <= 20; done++) progress.reading(done, 20);
    progress.finish('Checked', 20, stats(20, 0));
    expect(stderr()).toBe('');
  });

  it('redraws a count and a rate in place on a terminal, then leaves the summary line', () => {
    const { io: value, stderr } = io({ tty: true });
    const progress = startProgress(value, performance.now() - 2000);
    for (let done = 1; done <= 300; done++) progress.reading(done, 300);
    progress.checking(300);
    progress.finish('Checked', 300, stats(300, 100));
    const output = stderr();
    expect(output).toMatch(/^\rReading reports: \d+\/300 \(\d+\/s\)\u001b\[K/);
    expect(output).toContain('\rReading reports: 300/300');
    expect(output).toContain('\rChecking 300 reports…\u001b[K');
    expect(output).toMatch(/\r\u001b\[KChecked 300 reports in \d\.\d s \(100 cached, 200 parsed on 1 thread\)\n$/);
  });

  it('draws nothing in CI even on a terminal', () => {
    const { io: value, stderr } = io({ tty: true, env: { CI: 'true' } });
    const progress = startProgress(value, performance.now() - 2000);
    for (let done = 1; done <= 300; done++) progress.reading(done, 300);
    progress.finish('Checked', 300, stats(300, 300));
    expect(stderr()).toMatch(/^Checked 300 reports in \d\.\d s \(300 cached, 0 parsed\)\n$/);
  });
});

/** A progress bar on stderr, only when stderr is a terminal (never in pipes, logs or --json runs). */
import { createRequire } from 'node:module';

// cli-progress (and its string-width dependencies) is loaded only when a bar is drawn: a run into a
// pipe or a log, the usual scripted case, does not pay its start-up.
const loadCliProgress = () => createRequire(import.meta.url)('cli-progress') as typeof import('cli-progress');

export interface Progress {
  update(fraction: number): void;
  stop(): void;
}

const silent: Progress = { update() {}, stop() {} };

export function progressBar(label: string, enabled = true): Progress {
  if (!enabled || !process.stderr.isTTY) return silent;
  const cliProgress = loadCliProgress();
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {percentage}% | {duration_formatted}`, stream: process.stderr, hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(1000, 0);
  return {
    update: (fraction) => bar.update(Math.round(fraction * 1000)),
    stop: () => bar.stop(),
  };
}

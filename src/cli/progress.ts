/** A progress bar on stderr, only when stderr is a terminal (never in pipes, logs or --json runs). */
import cliProgress from 'cli-progress';

export interface Progress {
  update(fraction: number): void;
  stop(): void;
}

const silent: Progress = { update() {}, stop() {} };

export function progressBar(label: string, enabled = true): Progress {
  if (!enabled || !process.stderr.isTTY) return silent;
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

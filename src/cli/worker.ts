// `hotloop worker --queue redis://...`: runs the BullMQ jobs `hotloop pip --queue` enqueues, on
// any machine that sees the same files, until Ctrl-C (or --exit-when-idle seconds with no job
// waiting or running anywhere). A killed worker's job runs again elsewhere after --lock-ms.
import type { Command } from 'commander';
import { startPipWorker } from '../pip/queue.js';
import { checkRedisUrl, connectRedis } from '../redis/connect.js';
import { optionalImport } from '../io/optional.js';
import { type Example, examplesHelp } from './examples.js';
import { note, print } from './output.js';
import { UsageError, parseInteger, parseNumber, parseThreads } from './usage.js';

interface WorkerFlags {
  queue: string;
  queueName: string;
  concurrency: string;
  threads?: string;
  lockMs: string;
  exitWhenIdle?: string;
  json?: boolean;
}

export const workerExamples: Example[] = [
  { command: 'hotloop worker --queue redis://127.0.0.1:6379', comment: 'run jobs until Ctrl-C' },
  { command: 'hotloop worker --queue redis://queue.internal:6379 --concurrency 2 --threads 4 --exit-when-idle 30', comment: 'two jobs at once; exit after 30 s without work' },
];

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('run the point-in-polygon jobs of `hotloop pip --queue` (BullMQ on Redis)')
    .requiredOption('--queue <url>', 'Redis of the queue: redis://host:port')
    .option('--queue-name <name>', 'BullMQ queue name', 'hotloop-pip')
    .option('--concurrency <n>', 'jobs run at once by this worker', '1')
    .option('--threads <n>', 'native threads per job (default: all)')
    .option('--lock-ms <ms>', 'job lock, renewed while a job runs; a dead worker\'s job is retried after it expires', '30000')
    .option('--exit-when-idle <seconds>', 'exit after this long with no job waiting or running in the queue')
    .option('--json', 'print a JSON summary at exit')
    .addHelpText('after', examplesHelp(workerExamples))
    .action(async (flags: WorkerFlags) => {
      try {
        checkRedisUrl('--queue', flags.queue);
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
      const concurrency = parseInteger('--concurrency', flags.concurrency, 1, 1024);
      const threads = parseThreads(flags.threads);
      const lockMs = parseInteger('--lock-ms', flags.lockMs, 100, 24 * 3600 * 1000);
      const idleMs = flags.exitWhenIdle === undefined ? undefined : parseNumber('--exit-when-idle', flags.exitWhenIdle) * 1000;
      if (idleMs !== undefined && idleMs < 0) throw new UsageError(`--exit-when-idle expects seconds >= 0 but received ${JSON.stringify(flags.exitWhenIdle)}`);

      const connection = await connectRedis(flags.queue, { name: 'hotloop-worker' });
      const worker = await startPipWorker(connection, { queueName: flags.queueName, concurrency, threads, lockMs });
      const { Queue } = await optionalImport<typeof import('bullmq')>('bullmq', 'The job queue (--queue)');
      const queue = new Queue(flags.queueName, { connection });
      const summary = { completed: 0, failed: 0 };
      worker.on('completed', () => summary.completed++);
      worker.on('failed', (job, error) => {
        summary.failed++;
        note(`hotloop: job ${job?.id ?? '?'} failed: ${error.message}`);
      });
      worker.on('error', (error) => note(`hotloop: worker: ${error.message}`));

      const stopped = new Promise<void>((resolve) => {
        for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
        if (idleMs === undefined) return;
        let idleSince = Date.now();
        const timer = setInterval(async () => {
          try {
            const counts = await queue.getJobCounts('active', 'waiting', 'delayed', 'prioritized', 'waiting-children');
            if (Object.values(counts).some((n) => n > 0)) idleSince = Date.now();
            else if (Date.now() - idleSince >= idleMs) {
              clearInterval(timer);
              resolve();
            }
          } catch {
            idleSince = Date.now(); // Redis unreachable for now: not idle, try again
          }
        }, Math.min(250, Math.max(20, idleMs / 4)));
      });
      await stopped;
      await worker.close();
      await queue.close();
      connection.disconnect();
      if (flags.json) await print(JSON.stringify(summary));
      else note(`hotloop worker: ${summary.completed} jobs completed, ${summary.failed} failed`);
    });
}

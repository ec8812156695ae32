import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Redis } from 'ioredis';
import pg from 'pg';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';
import { WorkerModule } from '../src/worker.module.js';
import { benchNodeArgs, freshBenchDatabase, sparePort } from './support/bench-kit.js';
import { sendStraight, type StraightSend } from './support/straight-sender.js';

/**
 * 10,000 notifications end to end — outbox events committed → relay (LISTEN/NOTIFY) → notification rows →
 * BullMQ → delivery worker → pooled SMTP → an in-process smtp-server — against the baseline measured in the same
 * run: nodemailer's pooled transport sending 10,000 messages straight to the same server with the same pool size.
 * A third side, the reference, sends the same way with each message composed by the pipeline's own composer
 * (mime-message.ts, which the worker uses): the pipeline against it isolates what the outbox, the queue and the
 * database cost, since the pipeline also gains from composing at about half nodemailer's CPU.
 * The worker runs in this process by default (same CPU budget as the baseline); `--spawn-worker` runs it as a
 * separate process, as deployed, and the straight senders in a process of their own too. Every side is timed
 * until the server has received the last message.
 *
 *   npm run bench -- notifications [count] [--rounds N] [--spawn-worker]
 */

interface Counter {
  received: number;
  ids: Map<string, number>;
}

async function startSmtp(counter: Counter): Promise<{ url: string; close: () => Promise<void> }> {
  const port = await sparePort();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    maxClients: 1000,
    onData(stream: SMTPServerDataStream, _session, callback) {
      let head = '';
      stream.on('data', (chunk: Buffer) => {
        if (head.length < 4096) head += chunk.toString('utf8');
      });
      stream.on('end', () => {
        const id = /^Message-ID:\s*(.*)$/im.exec(head)?.[1]?.trim() ?? `no-id-${counter.received}`;
        counter.received += 1;
        counter.ids.set(id, (counter.ids.get(id) ?? 0) + 1);
        callback(null);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  return {
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export async function run(args: string[]): Promise<void> {
  const count = Number(args.find((arg) => /^\d+$/.test(arg)) ?? 10_000);
  const spawnWorker = args.includes('--spawn-worker');
  const roundsArg = args.indexOf('--rounds');
  const rounds = roundsArg >= 0 ? Math.max(1, Number(args[roundsArg + 1]) || 1) : 3;
  const concurrency = Number(process.env.MAIL_CONCURRENCY ?? 20);
  const prefix = `bench-notifications-${Date.now()}`;
  const counter: Counter = { received: 0, ids: new Map() };
  const smtp = await startSmtp(counter);
  const config = await freshBenchDatabase('flagship_bench_notifications');

  // CPU time of this process per message: steadier than wall time on a noisy machine. With the worker in this
  // process it is the pipeline's whole cost on the Node side (the SMTP server's share is the same on all sides).
  const cpu = { baseline: [] as number[], reference: [] as number[], pipeline: [] as number[] };
  const cpuMsPerMessage = (since: NodeJS.CpuUsage): number => {
    const used = process.cpuUsage(since);
    return (used.user + used.system) / 1000 / count;
  };

  // Baseline: nodemailer's pooled transport straight to the server, a fresh pool each round; in this process, or
  // with --spawn-worker in a process of its own like the worker. The reference is the same with the messages
  // composed by the pipeline's composer: the pipeline against it shows what the outbox, the queue and the
  // database bookkeeping cost on their own.
  const sender = spawnWorker ? await startSenderProcess() : null;
  const straightRound = async (round: number, composer: StraightSend['composer']): Promise<number> => {
    counter.received = 0;
    counter.ids.clear();
    const start = performance.now();
    const used = process.cpuUsage();
    const options = {
      smtpUrl: smtp.url,
      from: config.MAIL_FROM,
      round,
      count,
      connections: concurrency,
      composer,
    };
    await (sender ? sender.send(options) : sendStraight(options));
    await until(() => counter.received >= count, 600_000);
    const seconds = (performance.now() - start) / 1000;
    cpu[composer === 'nodemailer' ? 'baseline' : 'reference'].push(cpuMsPerMessage(used));
    if (counter.received !== count)
      throw new Error(`${composer} side received ${counter.received} of ${count}`);
    return seconds;
  };

  // The pipeline: one worker for every round, as deployed.
  Object.assign(process.env, {
    DATABASE_URL: config.DATABASE_URL,
    QUEUE_PREFIX: prefix,
    SMTP_URL: smtp.url,
    MAIL_CONCURRENCY: String(concurrency),
    LOG_LEVEL: 'warn',
  });
  const { createRootLogger, PinoNestLogger } = await import('../src/common/logging/logger.js');
  let stopWorker: () => Promise<void>;
  if (spawnWorker) {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [...benchNodeArgs(), 'dist/src/worker.js'], {
      env: process.env,
      stdio: 'inherit',
    });
    stopWorker = async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    };
    await new Promise((resolve) => setTimeout(resolve, 3000));
  } else {
    const worker = await NestFactory.createApplicationContext(WorkerModule, {
      logger: new PinoNestLogger(createRootLogger('warn', 'bench-worker')),
    });
    await worker.init();
    stopWorker = () => worker.close();
  }
  const db = new pg.Client({ connectionString: config.DATABASE_URL });
  await db.connect();
  let lost = 0;
  let duplicated = 0;
  const pipelineRound = async (round: number): Promise<number> => {
    counter.received = 0;
    counter.ids.clear();
    const start = performance.now();
    const used = process.cpuUsage();
    await db.query(
      `INSERT INTO outbox_events (event_type, aggregate_type, aggregate_id, payload)
       SELECT 'account.invitation', 'user', 'bench-' || $2::int || '-' || i,
              jsonb_build_object('email', 'bench-' || $2::int || '-' || i || '@example.test',
                                 'name', 'Invitee ' || i,
                                 'link', 'https://registry.example.eu/invitation?token=t' || i)
         FROM generate_series(1, $1::int) AS i`,
      [count, round],
    );
    await until(() => counter.received >= count, 600_000);
    const seconds = (performance.now() - start) / 1000;
    cpu.pipeline.push(cpuMsPerMessage(used));
    // Anything late would be a duplicate: wait a moment and count again.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    lost += count - counter.ids.size;
    duplicated += counter.received - counter.ids.size;
    return seconds;
  };

  // Alternating rounds, so that a slow spell of the machine falls on every side alike; medians are compared.
  const seconds = { baseline: [] as number[], reference: [] as number[], pipeline: [] as number[] };
  for (let round = 1; round <= rounds; round += 1) {
    seconds.baseline.push(await straightRound(round, 'nodemailer'));
    seconds.reference.push(await straightRound(round, 'ours'));
    seconds.pipeline.push(await pipelineRound(round));
  }
  const [row] = (
    await db.query<{ sent: string; relayed: string }>(
      `SELECT (SELECT count(*) FROM notifications WHERE status = 'sent') AS sent,
              (SELECT count(*) FROM outbox_events WHERE relayed_at IS NOT NULL) AS relayed`,
    )
  ).rows;
  await stopWorker();
  sender?.stop();
  await db.end();
  await smtp.close();
  await cleanRedis(config.REDIS_URL, prefix);

  const rates = (side: keyof typeof seconds) =>
    seconds[side].map((time) => (count / time).toFixed(0).padStart(5)).join(' ');
  const medianRate = (side: keyof typeof seconds) => count / median(seconds[side]);
  const ratio = medianRate('pipeline') / medianRate('baseline');
  const lines = [
    `notifications benchmark — ${count} messages × ${rounds} rounds, pool ${concurrency}, worker ${spawnWorker ? 'separate process' : 'in this process'}`,
    `  baseline   nodemailer composes → pooled → smtp-server   msg/s per round: ${rates('baseline')}   median ${medianRate('baseline').toFixed(0)}`,
    `  reference  our composer → raw → pooled → smtp-server    msg/s per round: ${rates('reference')}   median ${medianRate('reference').toFixed(0)}`,
    `  pipeline   outbox → relay → BullMQ → our composer → pooled   msg/s per round: ${rates('pipeline')}   median ${medianRate('pipeline').toFixed(0)}`,
    `  CPU of this process per message (ms, median): baseline ${median(cpu.baseline).toFixed(3)}, reference ${median(cpu.reference).toFixed(3)}, pipeline ${median(cpu.pipeline).toFixed(3)}${spawnWorker ? ' (the senders, worker and straight ones, run in processes of their own, not counted)' : ''}`,
    `  ratio      ${ratio.toFixed(2)} pipeline / baseline (target ≥ 0.70; pipeline time runs from the start of the INSERT that commits the events (about 50 ms) to the last message received)`,
    `             ${(medianRate('pipeline') / medianRate('reference')).toFixed(2)} pipeline / reference: what the outbox, the queue and the database cost, the composition being the same`,
    `  lost       ${lost}`,
    `  duplicated ${duplicated}`,
    `  rows sent  ${row?.sent} of ${count * rounds}, events relayed ${row?.relayed}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** The straight sender (baseline and reference) as a child process (bench/servers/mail-sender.ts). */
async function startSenderProcess(): Promise<{
  send: (options: StraightSend) => Promise<void>;
  stop: () => void;
}> {
  const { fork } = await import('node:child_process');
  const { fileURLToPath } = await import('node:url');
  const child = fork(fileURLToPath(new URL('./servers/mail-sender.js', import.meta.url)), {
    execArgv: benchNodeArgs(),
    stdio: 'inherit',
  });
  const next = () =>
    new Promise<{ ready?: true; done?: true; error?: string }>((resolve) => child.once('message', resolve));
  await next();
  return {
    send: async (options) => {
      const answer = next();
      child.send(options);
      const { error } = await answer;
      if (error) throw new Error(`baseline sender: ${error}`);
    },
    stop: () => void child.kill('SIGTERM'),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

async function cleanRedis(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
  redis.disconnect();
}

import { sendStraight, type StraightSend } from '../support/straight-sender.js';

/**
 * The notifications benchmark's straight sender (baseline and reference) in its own process (with
 * `--spawn-worker`, so that every side sends from a process of its own, as the worker is deployed): sends a round
 * when the parent asks, answers when done.
 */
process.on('message', (message: StraightSend) => {
  void sendStraight(message).then(
    () => process.send?.({ done: true }),
    (error: unknown) => process.send?.({ error: error instanceof Error ? error.message : String(error) }),
  );
});
process.send?.({ ready: true });
// Exit on our own at SIGTERM, so that a profile asked for with BENCH_NODE_ARGS gets written.
process.on('SIGTERM', () => process.exit(0));

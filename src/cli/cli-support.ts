import { createInterface } from 'node:readline/promises';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { dataSourceOptions } from '../database/data-source-options.js';

/** A small data source for one-shot commands. */
export function openDataSource(config: AppConfig): Promise<DataSource> {
  return new DataSource({ ...dataSourceOptions(config), extra: { max: 2 } }).initialize();
}

/** Asks a question on the terminal; with `secret` the typed characters are not echoed. */
export async function ask(
  question: string,
  options: { secret?: boolean; fallback?: string } = {},
): Promise<string> {
  const output = process.stdout;
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  if (options.secret) {
    // readline echoes through _writeToOutput; print the prompt once and nothing of what is typed.
    const internals = rl as unknown as { _writeToOutput: (text: string) => void };
    let prompted = false;
    internals._writeToOutput = (text: string) => {
      if (!prompted) {
        output.write(text);
        prompted = true;
      }
    };
  }
  try {
    const answer = (await rl.question(question)).trim();
    if (options.secret) output.write('\n');
    return answer || options.fallback || '';
  } finally {
    rl.close();
  }
}

export function fail(error: unknown): never {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}

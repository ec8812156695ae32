import { describe, expect, it } from '@jest/globals';
import { GroupCommit } from './group-commit.js';

describe('GroupCommit', () => {
  it('answers the calls of one turn of the event loop with one batch, each caller its own answer', async () => {
    const batches: number[][] = [];
    const doubler = new GroupCommit(async (inputs: number[]) => {
      batches.push(inputs);
      return inputs.map((n) => n * 2);
    });
    const answers = await Promise.all([1, 2, 3].map((n) => doubler.submit(n)));
    expect(answers).toEqual([2, 4, 6]);
    expect(batches).toEqual([[1, 2, 3]]);

    expect(await doubler.submit(5)).toBe(10);
    expect(batches).toEqual([[1, 2, 3], [5]]);
  });

  it('with a window, gathers the calls of the next milliseconds too', async () => {
    const batches: number[][] = [];
    const echo = new GroupCommit(
      async (inputs: number[]) => {
        batches.push(inputs);
        return inputs;
      },
      100,
      50,
    );
    const first = echo.submit(1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = echo.submit(2);
    expect(await Promise.all([first, second])).toEqual([1, 2]);
    expect(batches).toEqual([[1, 2]]);
  });

  it('starts a new batch when one is full', async () => {
    const batches: number[][] = [];
    const echo = new GroupCommit(async (inputs: number[]) => {
      batches.push(inputs);
      return inputs;
    }, 2);
    expect(await Promise.all([1, 2, 3, 4, 5].map((n) => echo.submit(n)))).toEqual([1, 2, 3, 4, 5]);
    expect(batches).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('rejects every caller of a failed batch, and the next batch runs normally', async () => {
    let fail = true;
    const flaky = new GroupCommit(async (inputs: string[]) => {
      if (fail) throw new Error('connection lost');
      return inputs;
    });
    const results = await Promise.allSettled(['a', 'b'].map((s) => flaky.submit(s)));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await flaky.submit('c')).toBe('c');
  });

  it('rejects the callers when the batch answers a different number of results', async () => {
    const short = new GroupCommit(async (inputs: number[]) => inputs.slice(1));
    await expect(Promise.all([1, 2].map((n) => short.submit(n)))).rejects.toThrow('1 answers for 2 inputs');
  });
});

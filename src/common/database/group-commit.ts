/**
 * Group commit: calls made in the same turn of the event loop (or, with `windowMs`, within that many
 * milliseconds of the first) are gathered and answered by one batch call (one SQL round trip instead of one per
 * caller). Every caller still waits for its own answer, so nothing is acknowledged before the batch has
 * committed. A failing batch rejects every caller in it.
 */
export class GroupCommit<TInput, TOutput> {
  private pending: Array<{
    input: TInput;
    resolve: (output: TOutput) => void;
    reject: (error: unknown) => void;
  }> = [];
  private scheduled = false;

  constructor(
    /** Answers the inputs in order: the result array has one entry per input. */
    private readonly runBatch: (inputs: TInput[]) => Promise<TOutput[]>,
    private readonly maxBatch = 100,
    private readonly windowMs = 0,
  ) {}

  submit(input: TInput): Promise<TOutput> {
    return new Promise<TOutput>((resolve, reject) => {
      this.pending.push({ input, resolve, reject });
      if (this.pending.length >= this.maxBatch) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        if (this.windowMs > 0) setTimeout(() => this.flush(), this.windowMs);
        else setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.pending;
    if (!batch.length) return;
    this.pending = [];
    this.runBatch(batch.map((entry) => entry.input)).then(
      (outputs) => {
        if (outputs.length !== batch.length) {
          const error = new Error(`group commit: ${outputs.length} answers for ${batch.length} inputs`);
          for (const entry of batch) entry.reject(error);
          return;
        }
        batch.forEach((entry, i) => entry.resolve(outputs[i] as TOutput));
      },
      (error: unknown) => {
        for (const entry of batch) entry.reject(error);
      },
    );
  }
}

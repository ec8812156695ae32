/** Collects positional parameters while a statement is being built. */
export class SqlParams {
  readonly values: unknown[] = [];

  /** Adds a value and returns its placeholder ($n). */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  /** Adds the values of one row and returns their placeholders, comma-separated (for `VALUES (…)`). */
  addAll(values: unknown[]): string {
    return values.map((value) => this.add(value)).join(', ');
  }
}

/**
 * `npm run bench -- <name> [args]` runs bench/<name>.bench.ts (compiled) and prints its figures.
 * Every benchmark measures a baseline in the same run and prints both side by side.
 */
const name = process.argv[2];
if (!name || !/^[a-z0-9-]+$/.test(name)) {
  process.stderr.write(
    'usage: npm run bench -- <name>   (catalog, auth, proposals, notifications, monitoring)\n',
  );
  process.exit(2);
}
const benchmark = (await import(`./${name}.bench.js`)) as { run: (args: string[]) => Promise<void> };
await benchmark.run(process.argv.slice(3));
process.exit(0);

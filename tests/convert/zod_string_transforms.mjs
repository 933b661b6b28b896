// What zod's string overwrites make of each text, for zod 3 and zod 4.
// stdin: [[text, [step, ...]], ...] with steps among trim / toLowerCase / toUpperCase;
// stdout: {"zod3": [text, ...], "zod4": [text, ...]}
import { z as z4 } from 'zod';
import { z as z3 } from 'zod3';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const cases = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const run = (z) =>
  cases.map(([text, steps]) => steps.reduce((schema, step) => schema[step](), z.string()).parse(text));
process.stdout.write(JSON.stringify({ zod3: run(z3), zod4: run(z4) }));

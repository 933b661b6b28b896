// Which (value, step) pairs zod accepts with `.multipleOf(step)`, for zod 3 and zod 4.
// stdin: [[value, step], ...]; stdout: {"zod3": [bool, ...], "zod4": [bool, ...]}
import { z as z4 } from 'zod';
import { z as z3 } from 'zod3';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const pairs = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const accepts = (z) =>
  pairs.map(([value, step]) => z.number().multipleOf(step).safeParse(value).success);
process.stdout.write(JSON.stringify({ zod3: accepts(z3), zod4: accepts(z4) }));

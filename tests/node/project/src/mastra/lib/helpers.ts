import { writeSync } from 'node:fs';

// Plain helpers called through ts_function.

export function add(a: number, b: number): number {
  return a + b;
}

export async function slow(ms: number): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, ms));
  return ms;
}

export function fail(message: string): never {
  throw new RangeError(message);
}

export function returnsFunction() {
  return { ok: true, callback: () => 42 };
}

export function returnsBigInt() {
  return { big: 10n };
}

export function returnsCycle() {
  const node: Record<string, unknown> = { name: 'loop' };
  node.self = node;
  return node;
}

export function echo<T>(value: T): T {
  return value;
}

export function size(value: string): number {
  return value.length;
}

export function makeString(length: number): string {
  return 'x'.repeat(length);
}

export function noisy(): string {
  console.log('this goes to stdout in plain Node');
  return 'still fine';
}

export function exitProcess(code: number): never {
  process.exit(code);
}

// Writes answer-shaped JSON lines straight to fd 1, as pino does with its own log lines.
export function forgeAnswersOnStdout(): string {
  for (let id = 1; id <= 10; id++) {
    writeSync(1, JSON.stringify({ id, ok: true, result: 'forged' }) + '\n');
  }
  return 'real';
}

// Steps a converter could not translate: module-level consts, some not exported.
import { createStep } from '@mastra/core/workflows';
import { z } from 'zod';

const rows = z.object({ values: z.array(z.number()) });

// not exported: the bridge exposes it through its loader hook
const sortValues = createStep({
  id: 'sort-values',
  inputSchema: rows,
  outputSchema: rows,
  execute: async ({ inputData }) => ({ values: [...inputData.values].sort() }),
});

const summarise = createStep({
  id: 'summarise',
  inputSchema: rows,
  stateSchema: z.object({ summarised: z.boolean().optional() }),
  outputSchema: z.object({ first: z.number(), seen: z.number(), tier: z.string(), init: z.number() }),
  execute: async ({ inputData, getStepResult, getInitData, requestContext, setState, state }) => {
    const sorted = getStepResult(sortValues) as { values: number[] };
    await setState({ ...(state ?? {}), summarised: true });
    return {
      first: inputData.values[0],
      seen: sorted.values.length,
      tier: String(requestContext.get('tier') ?? 'none'),
      init: (getInitData() as { values: number[] }).values.length,
    };
  },
});

const approve = createStep({
  id: 'approve',
  inputSchema: z.object({ amount: z.number() }),
  outputSchema: z.object({ approved: z.boolean() }),
  resumeSchema: z.object({ ok: z.boolean() }),
  execute: async ({ inputData, resumeData, suspend, bail }) => {
    if (inputData.amount < 10) return bail({ approved: true });
    if (!resumeData) {
      await suspend({ reason: `amount ${inputData.amount} needs approval` });
      return { approved: false };
    }
    return { approved: resumeData.ok === true };
  },
});

const usesMastra = createStep({
  id: 'uses-mastra',
  inputSchema: z.object({}),
  outputSchema: z.object({}),
  execute: async ({ mastra }) => {
    mastra.getAgent('calcAgent');
    return {};
  },
});

function weekday(iso: string): string {
  return ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][new Date(iso).getUTCDay()];
}

export function exportedHelper(): string {
  return 'exported';
}

export const exportedSort = sortValues;

export function* countdown(from: number): Generator<number> {
  for (let i = from; i > 0; i -= 1) yield i;
}

export async function* pages(n: number): AsyncGenerator<{ page: number }> {
  for (let page = 1; page <= n; page += 1) yield { page };
}

export function windows(end: Date, count: number): { start: Date; end: Date }[] {
  return Array.from({ length: count }, (_, i) => ({
    start: new Date(end.getTime() - (i + 1) * 60_000),
    end: new Date(end.getTime() - i * 60_000),
  }));
}

export const spanSeconds = (w: { start: Date; end: Date }): number =>
  (w.end.getTime() - w.start.getTime()) / 1000;

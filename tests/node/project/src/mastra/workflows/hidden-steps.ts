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
  outputSchema: z.object({ first: z.number(), seen: z.number(), tier: z.string(), init: z.number() }),
  execute: async ({ inputData, getStepResult, getInitData, requestContext, setState, state }) => {
    const sorted = getStepResult(sortValues);
    await setState({ ...state, summarised: true });
    return {
      first: inputData.values[0],
      seen: sorted.values.length,
      tier: requestContext.get('tier') ?? 'none',
      init: getInitData().values.length,
    };
  },
});

const approve = createStep({
  id: 'approve',
  inputSchema: z.object({ amount: z.number() }),
  outputSchema: z.object({ approved: z.boolean() }),
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

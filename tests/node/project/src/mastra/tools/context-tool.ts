import { createTool } from '@mastra/core/tools';
import { z } from 'zod';

// Reports what a Mastra 1.x tool sees of its execution context.
export const contextTool = createTool({
  id: 'whoami',
  description: 'Echo the execution context',
  inputSchema: z.object({
    greeting: z.string().default('hi'),
    tags: z.array(z.enum(['a', 'b'])).optional(),
  }),
  execute: async (inputData, context) => ({
    greeting: inputData.greeting,
    unit: context?.requestContext?.get('unit') ?? null,
    threadId: context?.agent?.threadId ?? null,
    toolCallId: context?.agent?.toolCallId ?? null,
    aborted: context?.abortSignal?.aborted ?? null,
  }),
});

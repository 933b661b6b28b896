import { createStep, createWorkflow } from '@mastra/core/workflows';
import { z } from 'zod';

const double = createStep({
  id: 'double',
  inputSchema: z.object({ value: z.number() }),
  outputSchema: z.object({ doubled: z.number() }),
  execute: async ({ inputData }) => ({ doubled: inputData.value * 2 }),
});

const approve = createStep({
  id: 'approve',
  inputSchema: z.object({ doubled: z.number() }),
  outputSchema: z.object({ doubled: z.number(), approvedBy: z.string() }),
  resumeSchema: z.object({ approver: z.string() }),
  suspendSchema: z.object({ question: z.string() }),
  execute: async ({ inputData, resumeData, suspend }) => {
    if (inputData.doubled < 100) return { doubled: inputData.doubled, approvedBy: 'auto' };
    if (!resumeData) return suspend({ question: `approve ${inputData.doubled}?` });
    return { doubled: inputData.doubled, approvedBy: resumeData.approver };
  },
});

const describe = createStep({
  id: 'describe',
  inputSchema: z.object({ doubled: z.number(), approvedBy: z.string() }),
  outputSchema: z.object({ message: z.string() }),
  execute: async ({ inputData }) => ({
    message: `doubled value is ${inputData.doubled} (approved by ${inputData.approvedBy})`,
  }),
});

export const approvalWorkflow = createWorkflow({
  id: 'approval-workflow',
  inputSchema: z.object({ value: z.number() }),
  outputSchema: z.object({ message: z.string() }),
})
  .then(double)
  .then(approve)
  .then(describe)
  .commit();

import { Mastra } from '@mastra/core/mastra';
import { InMemoryStore } from '@mastra/core/storage';
import { calcAgent } from './agents/calc-agent';
import { addTool } from './tools/add-tool';
import { approvalWorkflow } from './workflows/approval-workflow';

export const mastra = new Mastra({
  agents: { calcAgent },
  workflows: { approvalWorkflow },
  tools: { addTool },
  storage: new InMemoryStore(),
  logger: false,
});

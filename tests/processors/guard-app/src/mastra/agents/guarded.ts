import { Agent } from '@mastra/core/agent';
import { openai } from '@ai-sdk/openai';
import { LibSQLStore } from '@mastra/libsql';
import { Memory } from '@mastra/memory';
import { cardRedactor, normalizer, promptBudget, replyLimit } from '../processors';

export const guardedAgent = new Agent({
  id: 'guarded-agent',
  name: 'Guarded Agent',
  instructions: 'You answer billing questions in one short paragraph.',
  model: openai('gpt-4o-mini'),
  inputProcessors: [normalizer, cardRedactor, promptBudget],
  outputProcessors: [replyLimit],
  memory: new Memory({
    storage: new LibSQLStore({ id: 'guard-memory', url: 'file:../guard.db' }),
    options: { lastMessages: 10 },
  }),
});

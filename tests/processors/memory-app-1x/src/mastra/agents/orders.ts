import { openai } from '@ai-sdk/openai';
import { Agent } from '@mastra/core/agent';
import { LibSQLStore } from '@mastra/libsql';
import { Memory } from '@mastra/memory';
import { TokenLimiterProcessor, ToolCallFilter } from '@mastra/core/processors';
import { lookupOrderTool, trackParcelTool } from '../tools/orders';

export const ordersAgent = new Agent({
  id: 'orders-agent',
  name: 'Orders Agent',
  instructions: 'You answer questions about orders. Use the tools.',
  model: openai('gpt-4o-mini'),
  tools: { lookupOrderTool, trackParcelTool },
  inputProcessors: [new ToolCallFilter({ exclude: ['lookupOrderTool'] }), new TokenLimiterProcessor({ limit: 139 })],
  memory: new Memory({
    storage: new LibSQLStore({ id: 'orders-memory', url: 'file:../orders.db' }),
    options: { lastMessages: 20 },
  }),
});

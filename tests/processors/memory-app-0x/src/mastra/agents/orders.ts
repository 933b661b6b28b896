import { openai } from '@ai-sdk/openai';
import { Agent } from '@mastra/core/agent';
import { LibSQLStore } from '@mastra/libsql';
import { Memory } from '@mastra/memory';
import { TokenLimiter, ToolCallFilter } from '@mastra/memory/processors';
import { lookupOrderTool, trackParcelTool } from '../tools/orders';

export const ordersAgent = new Agent({
  name: 'Orders Agent',
  instructions: 'You answer questions about orders. Use the tools.',
  model: openai('gpt-4o-mini'),
  tools: { lookupOrderTool, trackParcelTool },
  memory: new Memory({
    storage: new LibSQLStore({ url: 'file:../orders.db' }),
    processors: [new ToolCallFilter({ exclude: ['lookupOrderTool'] }), new TokenLimiter(125)],
    options: { lastMessages: 20 },
  }),
});

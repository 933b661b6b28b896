import { Agent } from '@mastra/core/agent';
import { openai } from '@ai-sdk/openai';
import { invoiceTool } from '../tools/invoice-tool';

export const billingAgent = new Agent({
  id: 'billing-agent',
  name: 'Billing Agent',
  instructions: 'You compute invoice totals. Always use the invoice-total tool.',
  model: openai('gpt-4o-mini'),
  tools: { invoiceTool },
});

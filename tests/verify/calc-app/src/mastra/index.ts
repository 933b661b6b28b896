import { Mastra } from '@mastra/core';
import { billingAgent } from './agents/billing-agent';
import { invoiceWorkflow } from './workflows/invoice-workflow';

export const mastra = new Mastra({
  agents: { billingAgent },
  workflows: { invoiceWorkflow },
});

import { Mastra } from '@mastra/core';
import { billingAgent } from './agents/billing-agent';

export const mastra = new Mastra({
  agents: { billingAgent },
});

import { Mastra } from '@mastra/core/mastra';
import { LibSQLStore } from '@mastra/libsql';
import { conciergeAgent, offerAgent, taglineAgent } from './agents/concierge-agent';
import { offerWorkflow } from './workflows/offer-workflow';

export const mastra = new Mastra({
  agents: { conciergeAgent, offerAgent, taglineAgent },
  workflows: { offerWorkflow },
  storage: new LibSQLStore({ id: 'concierge-store', url: ':memory:' }),
});

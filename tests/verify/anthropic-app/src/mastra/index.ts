import { Mastra } from '@mastra/core/mastra';
import { LibSQLStore } from '@mastra/libsql';
import { conciergeAgent } from './agents/concierge-agent';

export const mastra = new Mastra({
  agents: { conciergeAgent },
  storage: new LibSQLStore({ id: 'concierge-store', url: ':memory:' }),
});

import { Agent } from '@mastra/core/agent';
import { Memory } from '@mastra/memory';
import { LibSQLStore } from '@mastra/libsql';
import { roomRateTool } from '../tools/room-rate-tool';

export const conciergeAgent = new Agent({
  id: 'concierge-agent',
  name: 'Hotel Concierge',
  instructions: 'You are a hotel concierge. Quote room prices with the room-rate tool, never guess.',
  model: 'anthropic/claude-3-5-sonnet-latest',
  tools: { roomRateTool },
  memory: new Memory({
    storage: new LibSQLStore({ id: 'concierge-memory', url: 'file:../concierge.db' }),
    options: { lastMessages: 10, semanticRecall: false },
  }),
});

export const offerAgent = new Agent({
  id: 'offer-agent',
  name: 'Offer Writer',
  instructions: 'You write short hotel offers.',
  model: 'anthropic/claude-3-5-haiku-latest',
});

export const taglineAgent = new Agent({
  id: 'tagline-agent',
  name: 'Tagline Writer',
  instructions: 'You write poster taglines.',
  model: 'anthropic/claude-sonnet-4-5',
});

import { Mastra } from '@mastra/core/mastra';
import { ordersAgent } from './agents/orders';

export const mastra = new Mastra({ agents: { ordersAgent } });

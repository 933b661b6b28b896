import { Mastra } from '@mastra/core';
import { ordersAgent } from './agents/orders';

export const mastra = new Mastra({ agents: { ordersAgent } });

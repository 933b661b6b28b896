import { Mastra } from '@mastra/core/mastra';
import { guardedAgent } from './agents/guarded';

export const mastra = new Mastra({ agents: { guardedAgent } });

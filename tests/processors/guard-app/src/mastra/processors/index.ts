import type { Processor } from '@mastra/core/processors';
import { TokenLimiterProcessor, UnicodeNormalizer } from '@mastra/core/processors';

const CARD = /\b(?:\d[ -]?){13,16}\b/g;

// Masks card numbers before the model sees them.
export const cardRedactor: Processor = {
  id: 'card-redactor',
  processInput: async ({ messages }) => {
    for (const message of messages) {
      for (const part of message.content?.parts ?? []) {
        if (part.type === 'text') {
          part.text = part.text.replace(CARD, (match: string) => `[card ${match.replace(/\D/g, '').slice(-4)}]`);
        }
      }
    }
    return messages;
  },
};

export const normalizer = new UnicodeNormalizer({ stripControlChars: true });
export const promptBudget = new TokenLimiterProcessor({ limit: 88 });
export const replyLimit = new TokenLimiterProcessor({ limit: 12, strategy: 'truncate' });

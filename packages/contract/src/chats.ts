import { z } from './zod.js';

export const ChatSummarySchema = z
  .object({
    id: z.string(),
    collection: z.string(),
    title: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    messageCount: z.number().int(),
  })
  .openapi('ChatSummary');

export const ChatSchema = ChatSummarySchema.omit({ messageCount: true })
  .extend({
    messages: z.array(
      z.object({
        role: z.enum(['user', 'assistant']),
        content: z.string(),
        citations: z.array(z.unknown()),
        createdAt: z.string(),
      }),
    ),
  })
  .openapi('Chat');

export const ChatPageSchema = z
  .object({
    data: z.array(ChatSummarySchema),
    nextCursor: z
      .string()
      .nullable()
      .openapi({ description: 'Pass as `cursor` for the next page; null on the last' }),
  })
  .openapi('ChatPage');

export const ChatListQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .optional()
    .openapi({ description: 'Chats per page (default 50)' }),
  cursor: z.string().max(200).optional().openapi({ description: '`nextCursor` of the previous page' }),
});

export const CreateChatSchema = z
  .object({ collection: z.string(), title: z.string().max(200).optional() })
  .strict();

/** A chat with its messages. */
export type Chat = z.infer<typeof ChatSchema>;
/** A page of a collection's chats, most recently updated first; `nextCursor` is null on the last page. */
export type ChatPage = z.infer<typeof ChatPageSchema>;
/** A chat as listed: no messages, only how many it has. */
export type ChatSummary = z.infer<typeof ChatSummarySchema>;

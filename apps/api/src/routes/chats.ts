import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import {
  ChatListQuery,
  ChatPageSchema,
  ChatSchema,
  CreateChatSchema,
  ErrorSchema,
  IdParam,
  NameParam,
} from '@lore/contract';
import type { ChatRecord, Lore } from '@lore/core';
import { scope } from '../auth/scope.js';
import { json } from '../schemas.js';

/** The fields a listed chat and a full chat share (never the owner key). */
function chatHeadJson(chat: Omit<ChatRecord, 'messages'>, collection: string) {
  return {
    id: chat.id,
    collection,
    title: chat.title,
    createdAt: chat.createdAt.toISOString(),
    updatedAt: chat.updatedAt.toISOString(),
  };
}

function chatJson(chat: ChatRecord, collection: string) {
  return {
    ...chatHeadJson(chat, collection),
    messages: chat.messages.map((message) => ({
      role: message.role,
      content: message.content,
      citations: message.citations,
      createdAt: message.createdAt.toISOString(),
    })),
  };
}

/** Chats: create, list a collection's (the caller's own with API keys), read one, delete one. */
export function chatRoutes(lore: Lore) {
  const collectionName = async (collectionId: string) =>
    (await lore.collections.list()).find((collection) => collection.id === collectionId)?.name ?? '';
  return new OpenAPIHono()
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/chats',
        middleware: scope('read'),
        request: {
          body: {
            ...json(CreateChatSchema, 'A new chat'),
            required: true,
          },
        },
        responses: { 201: json(ChatSchema, 'Created'), 404: json(ErrorSchema, 'No such collection') },
      }),
      async (c) => {
        const body = c.req.valid('json');
        return c.json(chatJson(await lore.chats.create(body), body.collection), 201);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/collections/{name}/chats',
        middleware: scope('read'),
        request: { params: NameParam, query: ChatListQuery },
        responses: {
          200: json(ChatPageSchema, 'A page of chats, most recently updated first'),
          400: json(ErrorSchema, 'Bad limit or cursor'),
          404: json(ErrorSchema, 'No such collection'),
        },
      }),
      async (c) => {
        const { name } = c.req.valid('param');
        const page = await lore.chats.list(name, c.req.valid('query'));
        return c.json(
          {
            data: page.data.map((chat) => ({ ...chatHeadJson(chat, name), messageCount: chat.messageCount })),
            nextCursor: page.nextCursor,
          },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/chats/{id}',
        middleware: scope('read'),
        request: { params: IdParam },
        responses: {
          200: json(ChatSchema, 'The chat with its messages'),
          404: json(ErrorSchema, 'No such chat'),
        },
      }),
      async (c) => {
        const chat = await lore.chats.get(c.req.valid('param').id);
        return c.json(chatJson(chat, await collectionName(chat.collectionId)), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/v1/chats/{id}',
        middleware: scope('read'),
        request: { params: IdParam },
        responses: {
          204: { description: 'Deleted, with its messages' },
          404: json(ErrorSchema, 'No such chat'),
        },
      }),
      async (c) => {
        await lore.chats.delete(c.req.valid('param').id);
        return c.body(null, 204);
      },
    );
}

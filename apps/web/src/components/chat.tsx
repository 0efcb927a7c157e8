import { useEffect, useRef, useState } from 'preact/hooks';
import { type AskSource, type Citation, lore } from '../api.js';
import { useT } from '../i18n.js';
import type { Settings } from '../settings.js';
import { AnswerText, SourceList } from './answer-text.js';
import { ChatList, useChatList } from './chat-list.js';
import { RetrievedSources } from './retrieved-sources.js';

interface Message {
  role: 'user' | 'assistant';
  content: string;
  citations: Citation[];
  /** The passages the answer's prompt held (from the stream's `sources` event; not kept in the chat). */
  sources?: AskSource[];
  /** How far a whole-document answer has read (from the stream's `progress` events) before its text starts. */
  progress?: { done: number; total: number };
  state?: 'pending' | 'streaming' | 'stopped' | 'failed';
}

/** Chat over a collection: the server's chat list, streamed answers with a Stop button, clickable citations. */
export function Chat(props: {
  collection: string;
  settings: Settings;
  onOpen: (citation: Citation) => void;
}) {
  const t = useT();
  const { collection, settings } = props;
  const chats = useChatList(collection);
  const [chatId, setChatId] = useState<string | null>(null);
  const [messages, setMessages] = useState<Message[]>([]);
  const [question, setQuestion] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [controller, setController] = useState<AbortController | null>(null);
  const log = useRef<HTMLDivElement>(null);
  const box = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    setChatId(null);
    setMessages([]);
  }, [collection]);

  useEffect(() => {
    log.current?.scrollTo({ top: log.current.scrollHeight });
  }, [messages]);

  const updateLast = (change: (message: Message) => Message) =>
    setMessages((current) => [...current.slice(0, -1), change(current.at(-1) as Message)]);

  const openChat = async (id: string) => {
    controller?.abort();
    setError(null);
    try {
      const chat = await lore.chats.get(id);
      setChatId(id);
      setMessages(
        chat.messages.map((message) => ({
          role: message.role,
          content: message.content,
          citations: message.citations as unknown as Citation[],
        })),
      );
    } catch (caught) {
      setError((caught as Error).message);
      void chats.refresh();
    }
  };

  const newChat = () => {
    controller?.abort();
    setChatId(null);
    setMessages([]);
    setError(null);
    box.current?.focus();
  };

  const send = async () => {
    const text = question.trim();
    if (!text || controller) return;
    setError(null);
    const abort = new AbortController();
    setController(abort);
    try {
      let id = chatId;
      if (!id) {
        const title = text.length > 60 ? `${text.slice(0, 57)}…` : text;
        const chat = await lore.chats.create({ collection, title });
        id = chat.id;
        setChatId(id);
        chats.add({ ...chat, messageCount: 0 });
      }
      setQuestion('');
      setMessages((current) => [
        ...current,
        { role: 'user', content: text, citations: [] },
        { role: 'assistant', content: '', citations: [], state: 'pending' },
      ]);
      // A stream that fails after it began (its `error` event) throws here like a refused request.
      const events = lore.askStream({
        collection,
        question: text,
        chatId: id,
        topK: settings.topK,
        sampling: { temperature: settings.temperature, maxTokens: settings.maxTokens },
        ...(settings.rerank ? { rerank: true } : {}),
        abortSignal: abort.signal,
      });
      for await (const event of events) {
        if (event.type === 'progress') {
          updateLast((message) => ({ ...message, progress: { done: event.done, total: event.total } }));
        } else if (event.type === 'sources') {
          updateLast((message) => ({ ...message, sources: event.sources }));
        } else if (event.type === 'text-delta') {
          updateLast((message) => ({
            ...message,
            content: message.content + event.text,
            state: 'streaming',
          }));
        } else if (event.type === 'citations') {
          updateLast((message) => ({ ...message, citations: event.citations }));
        } else if (event.type === 'done') {
          updateLast((message) => ({
            role: 'assistant',
            content: event.answer,
            citations: event.citations,
            ...(message.sources ? { sources: message.sources } : {}),
          }));
        }
      }
    } catch (caught) {
      if (abort.signal.aborted) {
        updateLast((message) => (message.role === 'assistant' ? { ...message, state: 'stopped' } : message));
      } else {
        setError((caught as Error).message);
        setMessages((current) =>
          current.at(-1)?.state
            ? current.slice(0, -1).concat({ ...(current.at(-1) as Message), state: 'failed' })
            : current,
        );
      }
    } finally {
      setController(null);
      void chats.refresh(); // the asked chat moves to the top
    }
  };

  return (
    <div class="chat-layout">
      <ChatList
        list={chats}
        selected={chatId}
        onNew={newChat}
        onOpen={(id) => void openChat(id)}
        onDeleted={(id) => {
          if (id === chatId) newChat();
        }}
      />
      <section class="chat">
        <div ref={log} class="log" role="log" aria-label={t('conversation')} aria-live="polite">
          {messages.length === 0 && <p class="muted empty">{t('emptyChat', { name: collection })}</p>}
          {messages.map((message, index) => (
            <article key={index} class={`message ${message.role}`} aria-busy={message.state === 'streaming'}>
              {message.role === 'user' ? (
                <p>{message.content}</p>
              ) : (
                <>
                  {message.state === 'pending' && (
                    <p class="muted">
                      {message.progress
                        ? t('readingDocument', {
                            done: String(message.progress.done),
                            total: String(message.progress.total),
                          })
                        : t('thinking')}
                    </p>
                  )}
                  <AnswerText text={message.content} citations={message.citations} onOpen={props.onOpen} />
                  {message.state === 'stopped' && <p class="muted">{t('stopped')}</p>}
                  <SourceList citations={message.citations} onOpen={props.onOpen} />
                  {message.sources && (
                    <RetrievedSources
                      sources={message.sources}
                      citations={message.citations}
                      onOpen={props.onOpen}
                    />
                  )}
                </>
              )}
            </article>
          ))}
        </div>
        {error && (
          <p class="error" role="alert">
            {t('error', { message: error })}
          </p>
        )}
        <form
          class="composer"
          onSubmit={(event) => {
            event.preventDefault();
            void send();
          }}
        >
          <textarea
            ref={box}
            rows={2}
            aria-label={t('askQuestion')}
            placeholder={t('askPlaceholder')}
            value={question}
            onInput={(event) => setQuestion(event.currentTarget.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
                event.preventDefault();
                void send();
              }
            }}
          />
          {controller ? (
            <button type="button" class="danger" onClick={() => controller.abort()}>
              {t('stop')}
            </button>
          ) : (
            <button type="submit" class="primary" disabled={!question.trim()}>
              {t('send')}
            </button>
          )}
        </form>
      </section>
    </div>
  );
}

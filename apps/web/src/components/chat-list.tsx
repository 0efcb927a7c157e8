import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { type ChatSummary, lore } from '../api.js';
import { useT } from '../i18n.js';

const pageSize = 30;

/** The collection's chats from the server (the caller's own with API keys), most recently updated first. */
export function useChatList(collection: string) {
  const [chats, setChats] = useState<ChatSummary[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const current = useRef(collection);
  current.current = collection;

  const fetchPage = useCallback(
    async (limit: number, cursor?: string) => {
      const page = await lore.chats.list(collection, { limit, ...(cursor ? { cursor } : {}) });
      // A page that arrives after the user switched collections is dropped.
      return current.current === collection ? page : null;
    },
    [collection],
  );

  /** Reloads from the first page, as many chats as are shown now (at least a page). */
  const refresh = useCallback(
    async (shown = pageSize) => {
      try {
        const page = await fetchPage(Math.min(100, Math.max(pageSize, shown)));
        if (!page) return;
        setChats(page.data);
        setNextCursor(page.nextCursor);
        setError(null);
      } catch (caught) {
        setError((caught as Error).message);
      }
    },
    [fetchPage],
  );

  useEffect(() => {
    setChats([]);
    setNextCursor(null);
    void refresh();
  }, [refresh]);

  const loadMore = async () => {
    if (!nextCursor) return;
    try {
      const page = await fetchPage(pageSize, nextCursor);
      if (!page) return;
      setChats((shown) => [
        ...shown,
        ...page.data.filter((chat) => !shown.some((old) => old.id === chat.id)),
      ]);
      setNextCursor(page.nextCursor);
    } catch (caught) {
      setError((caught as Error).message);
    }
  };

  const remove = async (id: string) => {
    await lore.chats.delete(id);
    setChats((shown) => shown.filter((chat) => chat.id !== id));
  };

  /** Shows a chat the server just made at the top before the next refresh. */
  const add = (chat: ChatSummary) =>
    setChats((shown) => [chat, ...shown.filter((old) => old.id !== chat.id)]);

  return { chats, nextCursor, error, refresh: () => refresh(chats.length), loadMore, remove, add };
}

/** The chat list beside the conversation: open, delete, page back to older chats. */
export function ChatList(props: {
  list: ReturnType<typeof useChatList>;
  selected: string | null;
  onNew: () => void;
  onOpen: (id: string) => void;
  onDeleted: (id: string) => void;
}) {
  const t = useT();
  const { list } = props;
  const [error, setError] = useState<string | null>(null);
  const shownError = error ?? list.error;
  return (
    <nav class="chat-list" aria-labelledby="chats-heading">
      <h2 id="chats-heading">{t('chats')}</h2>
      <button type="button" class="primary" onClick={props.onNew}>
        {t('newChat')}
      </button>
      {shownError && (
        <p class="error" role="alert">
          {t('error', { message: shownError })}
        </p>
      )}
      {list.chats.length === 0 && <p class="muted">{t('noChats')}</p>}
      <ul class="plain-list">
        {list.chats.map((chat) => (
          <li key={chat.id} class={chat.id === props.selected ? 'row selected' : 'row'}>
            <button
              type="button"
              class="link grow"
              aria-current={chat.id === props.selected ? 'true' : undefined}
              onClick={() => props.onOpen(chat.id)}
            >
              {chat.title}
            </button>
            <button
              type="button"
              class="icon"
              aria-label={t('deleteChat', { title: chat.title })}
              title={t('deleteChat', { title: chat.title })}
              onClick={() => {
                if (!confirm(t('confirmDeleteChat', { title: chat.title }))) return;
                list.remove(chat.id).then(
                  () => props.onDeleted(chat.id),
                  (caught) => setError((caught as Error).message),
                );
              }}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      {list.nextCursor && (
        <button type="button" onClick={() => void list.loadMore()}>
          {t('moreChats')}
        </button>
      )}
    </nav>
  );
}

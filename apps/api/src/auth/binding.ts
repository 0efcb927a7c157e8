/** How the server checks callers: `keys` requires an API key; `none` lets every caller do everything. */
export type AuthMode = 'keys' | 'none';

/** `LORE_AUTH`: `auto` (keys unless bound to loopback), `keys`, or the explicit, logged opt-out. */
export type AuthSetting = 'auto' | 'keys' | 'none-unsafe';

/** Whether a host name only accepts connections from this machine. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare === '::1' || bare === '0:0:0:0:0:0:0:1') return true;
  const v4 = bare.startsWith('::ffff:') ? bare.slice('::ffff:'.length) : bare;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/**
 * Decides the auth mode from the bind address and LORE_AUTH. Bound beyond loopback without keys the
 * server refuses to start (throws), unless LORE_AUTH=none-unsafe, which `warn`s loudly.
 */
export function resolveAuthMode(
  host: string,
  setting: AuthSetting,
  warn: (message: string) => void,
): AuthMode {
  if (setting === 'keys') return 'keys';
  if (isLoopbackHost(host)) return 'none';
  if (setting === 'none-unsafe') {
    warn(
      `[lore] WARNING: listening on ${host} with LORE_AUTH=none-unsafe: ANYONE who can reach this address can read, change and delete every document. Set LORE_AUTH=keys and create keys with "lore keys create".`,
    );
    return 'none';
  }
  throw new Error(
    `Refusing to listen on ${host} without API keys: every document would be open to the network. Set LORE_AUTH=keys (and create keys with "lore keys create --scope read"), bind HOST=127.0.0.1, or set LORE_AUTH=none-unsafe if something else guards the port.`,
  );
}

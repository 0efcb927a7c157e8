/** Names of the built-in tools, for `POST /v1/agents/run` `tools`. */
export const builtinToolNames = ['search', 'read_document', 'calculator', 'current_time'] as const;
export type BuiltinToolName = (typeof builtinToolNames)[number];

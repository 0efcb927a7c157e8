export { type AgentResult, type AgentStep, type RunAgentOptions, runAgentLoop } from './agent.js';
export { type AgentRunOptions, type Agents, createAgents } from './agent-api.js';
export {
  type BuiltinToolContext,
  type BuiltinToolName,
  builtinToolNames,
  createBuiltinTools,
} from './builtin-tools.js';
export { calculate } from './calculator.js';
export { connectMcpTools, type McpServerConfig, type McpToolSet } from './mcp-tools.js';
export { runTool, type ToolOutcome } from './run-tool.js';
export { defineTool, parseToolInput, type Tool, type ToolExecuteOptions, toolParameters } from './tool.js';
export {
  type ModelStep,
  parseModelStep,
  type ToolChoice,
  type ToolDeclaration,
  toolStepSchema,
  toolSystemPrompt,
} from './tool-call-schema.js';

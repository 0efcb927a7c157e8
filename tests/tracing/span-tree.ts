import type { ReadableSpan } from '@opentelemetry/sdk-trace';

/** A finished span and its children, as a test reads a trace. */
export interface SpanNode {
  span: ReadableSpan;
  name: string;
  children: SpanNode[];
}

/** The traces among `spans` whose root is named `name`, as trees. */
export function tracesNamed(spans: ReadableSpan[], name: string): SpanNode[] {
  const nodes = new Map(
    spans.map((span) => [span.spanContext().spanId, { span, name: span.name, children: [] as SpanNode[] }]),
  );
  const roots: SpanNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.span.parentSpanContext && nodes.get(node.span.parentSpanContext.spanId);
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots.filter((root) => root.name === name);
}

/** The names of a node's children, sorted. */
export function childNames(node: SpanNode | undefined): string[] {
  return (node?.children ?? []).map((child) => child.name).sort();
}

/** The first descendant of `node` (depth first) named `name`. */
export function find(node: SpanNode | undefined, name: string): SpanNode | undefined {
  for (const child of node?.children ?? []) {
    if (child.name === name) return child;
    const deeper = find(child, name);
    if (deeper) return deeper;
  }
  return undefined;
}

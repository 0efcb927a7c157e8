import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import {
  defaultResource,
  detectResources,
  envDetector,
  resourceFromAttributes,
} from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { Config } from './config.js';

/** The registered OpenTelemetry SDK; `shutdown` exports the spans still queued and unregisters it. */
export interface Tracing {
  shutdown(): Promise<void>;
}

/**
 * Registers the OpenTelemetry SDK (async context and a tracer provider) that Lore's spans go to. The
 * exporter reads the other OTEL_EXPORTER_OTLP_* variables (headers, timeout) itself, and the resource
 * OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES.
 */
export function registerTracing(processors: SpanProcessor[], serviceName = 'lore'): Tracing {
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  const provider = new TracerProvider({
    resource: defaultResource()
      .merge(resourceFromAttributes({ 'service.name': serviceName }))
      .merge(detectResources({ detectors: [envDetector] })),
    spanProcessors: processors,
  });
  trace.setGlobalTracerProvider(provider);
  return {
    async shutdown() {
      await provider.shutdown();
      trace.disable();
      context.disable();
    },
  };
}

/** OTLP/HTTP (JSON) tracing when `OTEL_EXPORTER_OTLP_ENDPOINT` is set; otherwise nothing is registered (undefined). */
export function startTracing(
  config: Pick<Config, 'otlpTracesUrl'>,
  serviceName?: string,
): Tracing | undefined {
  if (!config.otlpTracesUrl) return undefined;
  return registerTracing(
    [new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: config.otlpTracesUrl }) })],
    serviceName,
  );
}

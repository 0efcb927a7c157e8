import { LoreError } from '@lore/core/errors';

/** Where inference runs: the CPU (default), an NVIDIA GPU through CUDA, or WebGPU. */
export type ModelDevice = 'cpu' | 'cuda' | 'webgpu';

/** Where warnings go; `console` fits. */
export interface Logger {
  warn(message: string): void;
}

/**
 * Loads on the asked device; when that fails, either falls back to the CPU with one warning or,
 * when `strict`, throws MODEL_UNAVAILABLE naming the device and the way out.
 */
export async function loadOnDevice<T>(
  load: (device: ModelDevice) => Promise<T>,
  options: { device: ModelDevice; strict: boolean; logger: Logger; what: string },
): Promise<{ value: T; device: ModelDevice }> {
  const { device, strict, logger, what } = options;
  if (device === 'cpu') return { value: await load('cpu'), device };
  try {
    return { value: await load(device), device };
  } catch (error) {
    const reason = firstLine(error);
    if (strict) {
      throw new LoreError(
        'MODEL_UNAVAILABLE',
        `Device "${device}" is not available for ${what} (${reason}). Install its runtime (for CUDA: the CUDA 12 libraries onnxruntime-node needs), or set the device to "cpu", or turn strict device mode off to fall back to the CPU.`,
        { cause: error },
      );
    }
    logger.warn(
      `[lore] Device "${device}" is not available for ${what} (${reason}); running on the CPU instead. Set the device to "cpu" to silence this warning, or use strict device mode to fail instead.`,
    );
    return { value: await load('cpu'), device: 'cpu' };
  }
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]?.slice(0, 200) ?? message;
}

import { describe, expect, test } from 'vitest';
import { loadConfig } from './config.js';

describe('OCR settings', () => {
  test('default: on, English and Simplified Chinese, 60 s a page', () => {
    expect(loadConfig({}).ocr).toEqual({
      enabled: true,
      languages: ['eng', 'chi_sim'],
      pageTimeoutMs: 60_000,
    });
  });

  test('LORE_OCR=off turns OCR off, in any case; on, true and 1 keep it on', () => {
    expect(loadConfig({ LORE_OCR: 'off' }).ocr.enabled).toBe(false);
    expect(loadConfig({ LORE_OCR: 'OFF' }).ocr.enabled).toBe(false);
    expect(loadConfig({ LORE_OCR: 'false' }).ocr.enabled).toBe(false);
    for (const value of ['on', 'true', '1', 'yes'])
      expect(loadConfig({ LORE_OCR: value }).ocr.enabled).toBe(true);
  });

  test('LORE_OCR_LANGS lists Tesseract codes joined by + (or commas); the page timeout is in ms', () => {
    expect(loadConfig({ LORE_OCR_LANGS: 'eng' }).ocr.languages).toEqual(['eng']);
    expect(loadConfig({ LORE_OCR_LANGS: 'chi_sim+eng' }).ocr.languages).toEqual(['chi_sim', 'eng']);
    expect(loadConfig({ LORE_OCR_LANGS: 'eng, deu' }).ocr.languages).toEqual(['eng', 'deu']);
    expect(loadConfig({ LORE_OCR_PAGE_TIMEOUT_MS: '5000' }).ocr.pageTimeoutMs).toBe(5000);
  });

  test('a bad value stops start-up with a message naming the variable', () => {
    expect(() => loadConfig({ LORE_OCR: 'maybe' })).toThrow(/LORE_OCR:/);
    expect(() => loadConfig({ LORE_OCR_LANGS: 'eng+../x' })).toThrow(/LORE_OCR_LANGS: Tesseract codes/);
    expect(() => loadConfig({ LORE_OCR_PAGE_TIMEOUT_MS: '0' })).toThrow(/LORE_OCR_PAGE_TIMEOUT_MS/);
  });

  test('the settings are frozen', () => {
    const { ocr } = loadConfig({});
    expect(Object.isFrozen(ocr) && Object.isFrozen(ocr.languages)).toBe(true);
  });
});

describe('switches', () => {
  test('every on/off variable reads true, 1, yes and on, and false, 0, no and off, in any case', () => {
    for (const value of ['true', 'ON', '1', 'Yes'])
      expect(loadConfig({ LORE_WORKER: value }).worker).toBe(true);
    for (const value of ['false', 'Off', '0', 'NO'])
      expect(loadConfig({ LORE_WORKER: value }).worker).toBe(false);
    expect(() => loadConfig({ LORE_WORKER: 'maybe' })).toThrow(/LORE_WORKER:/);
  });
});

describe('tracing settings', () => {
  test('no OTLP endpoint: no tracing; the base endpoint gets /v1/traces; the traces endpoint is used as is', () => {
    expect(loadConfig({}).otlpTracesUrl).toBeUndefined();
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).otlpTracesUrl).toBe(
      'http://collector:4318/v1/traces',
    );
    expect(
      loadConfig({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://traces:4318/custom',
      }).otlpTracesUrl,
    ).toBe('http://traces:4318/custom');
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector' })).toThrow(
      /OTEL_EXPORTER_OTLP_ENDPOINT/,
    );
  });
});

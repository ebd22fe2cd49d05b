import type { LoggerService } from '@nestjs/common';
import { pino, type Logger } from 'pino';
import { traceFields } from './tracing';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/**
 * One JSON object per line on stdout (pino): what log shippers and `jq` read without parsing rules. Every line
 * has `time`, `level`, `service` and `msg`; a line written while serving a request also has its `trace_id`,
 * `span_id` and `correlation_id`. Also Nest's logger, so the framework's own lines have the same shape.
 */
export class JsonLogger implements LoggerService {
  private readonly pino: Logger;

  constructor(
    service: string,
    level: LogLevel = 'info',
    /** Where lines go (one call per line, without the newline); stdout by default. */
    write?: (line: string) => void,
  ) {
    this.pino = pino(
      {
        level,
        base: { service },
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }) },
        mixin: traceFields,
      },
      write ? { write: (line: string) => write(line.replace(/\n$/, '')) } : process.stdout,
    );
  }

  log(message: unknown, ...rest: unknown[]) {
    this.emit('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]) {
    this.emit('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]) {
    this.emit('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]) {
    this.emit('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]) {
    this.emit('debug', message, rest);
  }

  /** Whether lines at `level` are written: callers skip building a line the level drops. */
  enabled(level: LogLevel): boolean {
    return this.pino.isLevelEnabled(level);
  }

  /** Structured entry with extra fields. */
  entry(level: LogLevel, msg: string, fields: Record<string, unknown> = {}) {
    this.pino[level](fields, msg);
  }

  private emit(level: LogLevel, message: unknown, rest: unknown[]) {
    // Nest passes the context (class name) last; an error's stack second-to-last for `error`.
    const context = typeof rest.at(-1) === 'string' ? (rest.at(-1) as string) : undefined;
    const fields: Record<string, unknown> = context ? { context } : {};
    if (message instanceof Error) {
      fields.error = { name: message.name, message: message.message, stack: message.stack };
      this.entry(level, message.message, fields);
      return;
    }
    if (level === 'error' && typeof rest[0] === 'string' && rest.length > 1) fields.stack = rest[0];
    this.entry(level, typeof message === 'string' ? message : JSON.stringify(message), fields);
  }
}

/** Serialises an unknown thrown value for a log entry. */
export function errorFields(error: unknown): Record<string, unknown> {
  return error instanceof Error
    ? { error: { name: error.name, message: error.message, stack: error.stack } }
    : { error: typeof error === 'object' && error !== null ? JSON.stringify(error) : String(error) };
}

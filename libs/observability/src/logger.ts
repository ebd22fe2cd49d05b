import type { LoggerService } from '@nestjs/common';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** One JSON object per line on stdout: what log shippers and `jq` read without parsing rules. */
export class JsonLogger implements LoggerService {
  constructor(
    private readonly service: string,
    private readonly level: LogLevel = 'info',
    private readonly write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  ) {}

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

  /** Structured entry with extra fields. */
  entry(level: LogLevel, msg: string, fields: Record<string, unknown> = {}) {
    if (ORDER[level] < ORDER[this.level]) return;
    this.write(
      JSON.stringify({ time: new Date().toISOString(), level, service: this.service, msg, ...fields }),
    );
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

import { StringDecoder } from 'node:string_decoder';

/** One Server-Sent Event. `event` is absent for the default "message" type. */
export interface SseEvent {
  event?: string;
  data: string;
  id?: string;
}

/**
 * Incremental SSE parser (WHATWG rules): feed it byte or string chunks as they arrive, in any
 * split, and it returns the complete events. Handles \n, \r\n and \r line ends, multi-line data,
 * comments and a UTF-8 character split across chunks.
 */
export class SseParser {
  private buffer = '';
  /** The data lines of the event being read, joined by \n; null before its first data line. */
  private data: string | null = null;
  private event: string | undefined;
  private id: string | undefined;
  private readonly decoder = new StringDecoder('utf8');
  /** A \r at the very end of the last chunk: if the next chunk starts with \n it is one line end. */
  private pendingCr = false;

  push(chunk: Uint8Array | string): SseEvent[] {
    let text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk as Buffer);
    if (this.pendingCr && text.charCodeAt(0) === 10) text = text.slice(1);
    this.pendingCr = false;
    const buf = this.buffer.length > 0 ? this.buffer + text : text;
    const events: SseEvent[] = [];
    let start = 0;
    if (buf.indexOf('\r') === -1) {
      // The usual case (\n line ends only): the native indexOf finds each line end.
      for (let nl = buf.indexOf('\n'); nl !== -1; nl = buf.indexOf('\n', start)) {
        this.line(buf, start, nl, events);
        start = nl + 1;
      }
    } else {
      for (let i = 0; i < buf.length; i++) {
        const c = buf.charCodeAt(i);
        if (c !== 10 && c !== 13) continue;
        this.line(buf, start, i, events);
        if (c === 13) {
          if (i + 1 < buf.length) {
            if (buf.charCodeAt(i + 1) === 10) i++;
          } else {
            this.pendingCr = true;
          }
        }
        start = i + 1;
      }
    }
    this.buffer = start === 0 ? buf : buf.slice(start);
    return events;
  }

  /** Flushes at end of stream: a final event without its blank line is still delivered. */
  end(): SseEvent[] {
    const events: SseEvent[] = [];
    const rest = this.buffer + this.decoder.end();
    this.buffer = '';
    if (rest.length > 0) this.line(rest, 0, rest.length, events);
    this.line('', 0, 0, events);
    return events;
  }

  /** Handles the line buf[from, to). */
  private line(buf: string, from: number, to: number, events: SseEvent[]): void {
    if (from === to) {
      if (this.data !== null) {
        const ev: SseEvent = { data: this.data };
        if (this.event !== undefined) ev.event = this.event;
        if (this.id !== undefined) ev.id = this.id;
        events.push(ev);
      }
      this.data = null;
      this.event = undefined;
      return;
    }
    // "data: …", by far the most common line, without slicing the line first.
    if (buf.startsWith('data: ', from)) {
      this.addData(buf.slice(from + 6, to));
      return;
    }
    if (buf.charCodeAt(from) === 58) return; // ':' comment / keep-alive
    const line = buf.slice(from, to);
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    if (field === 'data') this.addData(value);
    else if (field === 'event') this.event = value;
    else if (field === 'id') this.id = value;
  }

  private addData(value: string): void {
    this.data = this.data === null ? value : `${this.data}\n${value}`;
  }
}

/** Serializes one SSE `data:` event (JSON payload), as OpenAI streams it. */
export function sseData(payload: unknown): string {
  return `data: ${JSON.stringify(payload)}\n\n`;
}

/** Serializes one named SSE event, as Anthropic streams it. */
export function sseNamed(event: string, payload: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
}

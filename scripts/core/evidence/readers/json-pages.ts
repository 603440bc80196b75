/**
 * The pages of a JSON export, one at a time, parsed without binary floats.
 *
 * A cost API answers in pages; a saved export is one page, an array of pages, or pages written
 * one after another (one per line). The text is split at the top level as it streams in, so
 * only one page is held at a time (an API page is bounded, a whole export is not), and each
 * page is parsed with lossless-json so that every number keeps the digits it was written with.
 */
import { losslessJson } from '../../libraries.js';
import type { ExportChunks, ReadProblem } from '../line-item.js';

/** One parsed page and the JSON path prefix of its values (`$`, `$[1]`). */
export type PageEvent =
  | { kind: 'page'; path: string; value: unknown; last: boolean }
  | { kind: 'problem'; problem: ReadProblem };

/** Streams the top-level pages of a JSON export. */
export async function* jsonPages(chunks: ExportChunks): AsyncGenerator<PageEvent> {
  const splitter = new TopLevelSplitter();
  let pending: { text: string; path: string } | undefined;
  let count = 0;

  const flush = function* (last: boolean): Generator<PageEvent> {
    if (pending === undefined) return;
    yield parsePage(pending.text, pending.path, last);
    pending = undefined;
  };

  const decoder = new TextDecoder('utf-8', { fatal: false });
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    for (const value of splitter.push(text)) {
      // Hold one page back so the last page can be told apart (its has_more matters).
      yield* flush(false);
      pending = {
        text: value,
        path: splitter.inArray ? `$[${count}]` : count === 0 ? '$' : `$${count + 1}`,
      };
      count += 1;
    }
  }
  const rest = splitter.end();
  if (rest !== undefined) {
    yield* flush(false);
    yield malformed(splitter.inArray ? `$[${count}]` : '$', rest);
    return;
  }
  yield* flush(true);
  if (count === 0) {
    yield {
      kind: 'problem',
      problem: {
        code: 'EXPORT_EMPTY',
        where: '$',
        path: '$',
        message: 'the export holds no JSON page',
      },
    };
  }
}

function parsePage(text: string, path: string, last: boolean): PageEvent {
  try {
    return { kind: 'page', path, value: losslessJson().parse(text), last };
  } catch (error) {
    return malformed(path, error instanceof Error ? error.message : String(error));
  }
}

function malformed(path: string, reason: string): PageEvent {
  return {
    kind: 'problem',
    problem: {
      code: 'EXPORT_JSON_MALFORMED',
      where: path,
      path,
      message: `the JSON cannot be read (${reason}); save the API response again`,
    },
  };
}

/**
 * Cuts streamed JSON text into top-level values, or into the elements of a top-level array,
 * by tracking string and nesting state across chunk boundaries.
 */
class TopLevelSplitter {
  inArray = false;
  private started = false;
  private arrayClosed = false;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private buffer = '';

  *push(text: string): Generator<string> {
    let from = 0;
    for (let i = 0; i < text.length; i += 1) {
      const c = text[i]!;
      if (!this.started) {
        if (c === '\uFEFF' || c === ' ' || c === '\n' || c === '\r' || c === '\t') {
          from = i + 1;
          continue;
        }
        this.started = true;
        if (c === '[') {
          this.inArray = true;
          from = i + 1;
          continue;
        }
      }
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === '\\') this.escaped = true;
        else if (c === '"') this.inString = false;
        continue;
      }
      if (c === '"') this.inString = true;
      else if (c === '{' || c === '[') this.depth += 1;
      else if (c === '}' || c === ']') {
        if (this.inArray && this.depth === 0 && c === ']') {
          const value = this.take(text, from, i);
          if (value !== undefined) yield value;
          this.arrayClosed = true;
          from = i + 1;
          continue;
        }
        this.depth -= 1;
        if (!this.inArray && this.depth === 0) {
          const value = this.take(text, from, i + 1);
          if (value !== undefined) yield value;
          from = i + 1;
        }
      } else if (c === ',' && this.inArray && this.depth === 0) {
        const value = this.take(text, from, i);
        if (value !== undefined) yield value;
        from = i + 1;
      }
    }
    this.buffer += text.slice(from);
  }

  /** What is left at the end: undefined when the text ended cleanly, else the reason. */
  end(): string | undefined {
    const rest = this.buffer.trim();
    if (this.inArray && !this.arrayClosed) return 'the top-level array is not closed';
    if (this.depth !== 0 || this.inString) return 'the text ends inside a value';
    if (rest !== '') return `unexpected text ${JSON.stringify(rest.slice(0, 20))} at the top level`;
    return undefined;
  }

  private take(text: string, from: number, to: number): string | undefined {
    const value = (this.buffer + text.slice(from, to)).trim();
    this.buffer = '';
    return value === '' ? undefined : value;
  }
}

/**
 * The CSV dialect hotloop reads, as records: RFC 4180 quotes (a field starting with `"` may hold
 * commas, `""` and line breaks), comma-separated, one record per physical line unless a quoted
 * field spans lines. The one CSV splitter of the package: every CSV reader goes through it.
 */

/** A row that does not follow the dialect; the reader skips it or, when strict, fails. */
export class MalformedRow extends Error {}

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  /** A quote inside a quoted field: the closing quote, or the first of `""`. */
  QuoteSeen,
}

/**
 * Splits physical lines into records (arrays of fields) by RFC 4180: a field that starts with a
 * quote runs to its closing quote, across commas and line breaks; `""` inside it is one quote. A
 * quote inside an unquoted field is kept as a character (as most writers mean it); text after a
 * closing quote makes the row malformed.
 */
export class CsvRecords {
  private fields: string[] = [];
  private field = '';
  private state = State.FieldStart;

  /** True while a quoted field is open: the current record continues on the next line. */
  get open(): boolean {
    return this.state === State.Quoted;
  }

  /** Adds one physical line: the record's fields when it is complete, undefined when it continues. */
  line(text: string): string[] | undefined {
    if (this.state === State.FieldStart && this.fields.length === 0 && !text.includes('"')) return text.split(',');
    if (this.state === State.Quoted) this.field += '\n'; // the line break was inside the quotes
    for (let i = 0; i < text.length; ) {
      switch (this.state) {
        case State.FieldStart:
          if (text[i] === '"') {
            this.state = State.Quoted;
            i++;
          } else this.state = State.Unquoted;
          break;
        case State.Unquoted: {
          const comma = text.indexOf(',', i);
          this.field += text.slice(i, comma < 0 ? text.length : comma);
          if (comma < 0) i = text.length;
          else {
            this.endField();
            i = comma + 1;
          }
          break;
        }
        case State.Quoted: {
          const quote = text.indexOf('"', i);
          this.field += text.slice(i, quote < 0 ? text.length : quote);
          if (quote < 0) i = text.length;
          else {
            this.state = State.QuoteSeen;
            i = quote + 1;
          }
          break;
        }
        case State.QuoteSeen:
          if (text[i] === '"') {
            this.field += '"';
            this.state = State.Quoted;
          } else if (text[i] === ',') this.endField();
          else {
            const field = this.fields.length + 1;
            this.reset();
            throw new MalformedRow(`text after the closing quote of field ${field}`);
          }
          i++;
          break;
      }
    }
    if (this.state === State.Quoted) return undefined;
    this.fields.push(this.field);
    const record = this.fields;
    this.reset();
    return record;
  }

  private endField(): void {
    this.fields.push(this.field);
    this.field = '';
    this.state = State.FieldStart;
  }

  private reset(): void {
    this.fields = [];
    this.field = '';
    this.state = State.FieldStart;
  }
}

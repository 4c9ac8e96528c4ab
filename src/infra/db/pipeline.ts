import type { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import pg from 'pg';

/** One statement's answer: its rows (parsed as pg parses them) and its row count. */
export interface StatementResult {
  rows: Record<string, unknown>[];
  rowCount: number;
}

interface Pending {
  results: StatementResult[];
  error?: Error;
  resolve(results: StatementResult[]): void;
  reject(error: Error): void;
}

interface Building {
  names: string[];
  parsers: ((text: string) => unknown)[];
  rows: Record<string, unknown>[];
}

type ProtocolMessage = {
  fields?: { name: string; dataTypeID: number }[] | (string | null)[];
  text?: string;
};

/** The query-protocol events a pg.Client listens to, which a pipelined connection answers itself. */
const PROTOCOL_EVENTS = [
  'errorMessage',
  'readyForQuery',
  'notice',
  'rowDescription',
  'dataRow',
  'portalSuspended',
  'emptyQuery',
  'commandComplete',
  'parseComplete',
  'copyInResponse',
  'copyData',
  'notification',
];

/**
 * One PostgreSQL connection that carries many self-contained simple-protocol messages at once:
 * each is sent as soon as it is asked for, without waiting for the answers to the ones before,
 * and the answers, which PostgreSQL gives in order, are matched in order. Messages asked for in
 * the same turn of the event loop leave in one socket write.
 *
 * Why: pg sends one query per connection and waits for its answer, so each read is one socket
 * write that wakes a sleeping backend, and one wake-up of this process for the answer. On a small
 * machine those wake-ups were the largest single cost of a short read, in this process and in
 * PostgreSQL alike (bench/README.md). Carried together, a backend that is already awake reads the
 * next message from its buffer.
 *
 * Only for messages that are a whole transaction on their own (an implicit transaction: no
 * BEGIN or COMMIT in them). An error then ends that message's transaction and nothing else: the
 * next message starts clean, as PgBouncer in transaction mode also requires.
 *
 * pg.Client still opens the connection (TLS, SCRAM); then this takes over its protocol events.
 */
export class PipelinedConnection {
  private readonly pending: Pending[] = [];
  private building: Building | undefined;
  private corked = false;
  private brokenBy: Error | undefined;

  /** pg's protocol connection under the client: its events, its socket, and its Query message. */
  private readonly connection: EventEmitter & { stream: Socket; query(text: string): void };

  private constructor(private readonly client: pg.Client) {
    const connection = (client as unknown as { connection: PipelinedConnection['connection'] }).connection;
    this.connection = connection;
    for (const event of PROTOCOL_EVENTS) connection.removeAllListeners(event);
    connection.on('rowDescription', (message: ProtocolMessage) => this.onRowDescription(message));
    connection.on('dataRow', (message: ProtocolMessage) => this.onDataRow(message));
    connection.on('commandComplete', (message: ProtocolMessage) => this.onCommandComplete(message));
    connection.on('emptyQuery', () => this.onCommandComplete({}));
    connection.on('errorMessage', (error: Error) => {
      const head = this.pending[0];
      if (head && !head.error) head.error = error;
    });
    connection.on('readyForQuery', () => this.onReadyForQuery());
    client.on('error', (error) => this.fail(error));
    client.on('end', () => this.fail(new Error('Connection terminated unexpectedly')));
  }

  static async open(config: pg.ClientConfig): Promise<PipelinedConnection> {
    const client = new pg.Client(config);
    await client.connect();
    return new PipelinedConnection(client);
  }

  /** Messages sent and not yet answered. */
  get inFlight(): number {
    return this.pending.length;
  }

  /** False once the connection has failed: it is not used again. */
  get usable(): boolean {
    return this.brokenBy === undefined;
  }

  /** Sends one message (several statements, one implicit transaction) and resolves with each statement's result. */
  query(text: string): Promise<StatementResult[]> {
    if (this.brokenBy) return Promise.reject(this.brokenBy);
    const { stream } = this.connection;
    if (!this.corked) {
      this.corked = true;
      stream.cork();
      process.nextTick(() => {
        this.corked = false;
        stream.uncork();
      });
    }
    return new Promise((resolve, reject) => {
      this.pending.push({ results: [], resolve, reject });
      this.connection.query(text);
    });
  }

  async close(): Promise<void> {
    this.fail(new Error('the pipelined connection was closed'));
    await this.client.end().catch(() => undefined);
  }

  private onRowDescription(message: ProtocolMessage) {
    const fields = message.fields as { name: string; dataTypeID: number }[];
    this.building = {
      names: fields.map((field) => field.name),
      parsers: fields.map((field) => pg.types.getTypeParser(field.dataTypeID, 'text') as (text: string) => unknown),
      rows: [],
    };
  }

  private onDataRow(message: ProtocolMessage) {
    const building = this.building;
    if (!building) return;
    const values = message.fields as (string | null)[];
    const row: Record<string, unknown> = {};
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      row[building.names[i]!] = value === null || value === undefined ? null : building.parsers[i]!(value);
    }
    building.rows.push(row);
  }

  private onCommandComplete(message: ProtocolMessage) {
    const rows = this.building?.rows ?? [];
    this.building = undefined;
    // "SELECT 3", "INSERT 0 1", "BEGIN": the count is the last number, if any.
    const count = /(\d+)$/.exec(message.text ?? '')?.[1];
    this.pending[0]?.results.push({ rows, rowCount: count === undefined ? rows.length : Number(count) });
  }

  private onReadyForQuery() {
    const done = this.pending.shift();
    this.building = undefined;
    if (!done) return;
    if (done.error) done.reject(done.error);
    else done.resolve(done.results);
  }

  private fail(error: Error) {
    if (!this.brokenBy) this.brokenBy = error;
    for (const pending of this.pending.splice(0)) pending.reject(error);
  }
}

/**
 * A few pipelined connections to one server, opened when first needed; each message goes to the
 * open one with the fewest in flight, so one slow statement holds up only the messages behind it
 * on its own connection. A connection that fails is replaced by the next message.
 */
export class Pipeline {
  private readonly open: (PipelinedConnection | undefined)[];
  private readonly opening: (Promise<PipelinedConnection> | undefined)[];
  private closed = false;

  constructor(
    private readonly config: pg.ClientConfig,
    size: number,
  ) {
    this.open = new Array(size).fill(undefined);
    this.opening = new Array(size).fill(undefined);
  }

  query(text: string): Promise<StatementResult[]> {
    if (this.closed) return Promise.reject(new Error('the pipeline is closed'));
    const connection = this.pick();
    return connection ? connection.query(text) : this.firstOpened().then((opened) => opened.query(text));
  }

  async close(): Promise<void> {
    this.closed = true;
    const settled = await Promise.allSettled(this.opening.filter((p) => p !== undefined));
    const all = new Set([...this.open, ...settled.map((s) => (s.status === 'fulfilled' ? s.value : undefined))]);
    await Promise.all([...all].map((connection) => connection?.close()));
  }

  /** The usable connection with the fewest messages in flight; starts opening any slot that has none. */
  private pick(): PipelinedConnection | undefined {
    let best: PipelinedConnection | undefined;
    for (let i = 0; i < this.open.length; i++) {
      const connection = this.open[i];
      if (!connection?.usable) {
        this.openAt(i);
        continue;
      }
      if (!best || connection.inFlight < best.inFlight) best = connection;
    }
    return best;
  }

  private openAt(index: number) {
    if (this.opening[index] || this.closed) return;
    const opening = PipelinedConnection.open(this.config);
    this.opening[index] = opening;
    opening.then(
      (connection) => {
        this.opening[index] = undefined;
        if (this.closed) void connection.close();
        else this.open[index] = connection;
      },
      () => {
        // The message that waited for it fails with the error; the next one tries again.
        this.opening[index] = undefined;
      },
    );
  }

  private async firstOpened(): Promise<PipelinedConnection> {
    try {
      return await Promise.any(this.opening.filter((p) => p !== undefined));
    } catch (error) {
      throw (error as AggregateError).errors?.[0] ?? error;
    }
  }
}

// Types of the edgelite package. Hand-written (the public API is JavaScript over the native
// module) and checked for drift by tests/types.test.js: every public member of every class here
// exists at run time and the other way round, and tests/types/check.ts type-checks against it.

/// <reference types="node" />

declare namespace edgelite {
  /** A value that can be bound as a parameter (docs/types.md). */
  type BindValue = null | undefined | number | bigint | boolean | string | Buffer | Uint8Array | ArrayBuffer | Date | Real;
  /** Parameters of a sync-API call: values, arrays of values, and one object of named values. */
  type BindParameters = BindValue | readonly BindValue[] | Record<string, BindValue>;

  interface Options {
    /** Open read-only (default false). */
    readonly?: boolean;
    /** Fail when the file does not exist instead of creating it (default false). */
    fileMustExist?: boolean;
    /** Busy timeout in milliseconds (default 5000). */
    timeout?: number;
    /** Called with the SQL of every statement run. */
    verbose?: ((sql: string) => void) | null;
    /** The native module to use: a path to a .node file, or a loaded module. */
    nativeBinding?: string | object;
    /** Remote and replica modes: the token sent to the server. */
    authToken?: string;
    /** Makes the database a replica of the primary at this URL; `filename` is the local file. */
    syncUrl?: string;
    /** Replicas: sync in the background every this many seconds. */
    syncInterval?: number;
    /** Replicas: a write returns once the replica has pulled it (default true). */
    readYourWrites?: boolean;
    /** Replicas: apply the primary's commits as they happen. */
    follow?: boolean;
    /** Remote and replica modes: the server namespace. */
    namespace?: string;
  }

  interface RunResult {
    changes: number;
    lastInsertRowid: number | bigint;
  }

  interface ColumnDefinition {
    name: string;
    column: string | null;
    table: string | null;
    database: string | null;
    type: string | null;
  }

  interface Synced {
    /** The last frame applied. */
    frame_no: number;
    /** Frames this sync applied. */
    frames_synced: number;
    generation: number;
  }

  interface BatchResult {
    columns: string[];
    columnTypes: string[];
    rows: unknown[][];
    changes: number;
    lastInsertRowid: number | bigint;
  }

  interface BackupProgress {
    totalPages: number;
    remainingPages: number;
  }

  interface RegistrationOptions {
    varargs?: boolean;
    deterministic?: boolean;
    safeIntegers?: boolean;
    directOnly?: boolean;
  }

  interface AggregateOptions<T = unknown> extends RegistrationOptions {
    start?: T | (() => T);
    step: (total: T, ...args: any[]) => T | void;
    inverse?: (total: T, ...args: any[]) => T | void;
    result?: (total: T) => unknown;
  }

  type TransactionFunction<F extends (...args: any[]) => any> = F & {
    default: F;
    deferred: F;
    immediate: F;
    exclusive: F;
    database: Database;
  };

  class Statement<Row = any> {
    private constructor();
    readonly database: Database;
    readonly source: string;
    readonly reader: boolean;
    readonly readonly: boolean;
    readonly busy: boolean;
    run(...params: BindParameters[]): RunResult;
    get(...params: BindParameters[]): Row | undefined;
    all(...params: BindParameters[]): Row[];
    iterate(...params: BindParameters[]): IterableIterator<Row>;
    pluck(toggle?: boolean): this;
    expand(toggle?: boolean): this;
    raw(toggle?: boolean): this;
    safeIntegers(toggle?: boolean): this;
    /** The result columns: of the last get()/all() run once one ran (a schema change can alter them), else of the prepared statement. */
    columns(): ColumnDefinition[];
    bind(...params: BindParameters[]): this;
    /** edgelite: parameter names in order (`":a"`, `"?2"`, or `null` for `?`). */
    parameterNames(): (string | null)[];
    /** edgelite: interrupt runs that take longer than `ms` milliseconds (0: never). */
    queryTimeout(ms: number): this;
  }

  class Database {
    constructor(filename?: string, options?: Options);
    readonly name: string;
    readonly open: boolean;
    readonly inTransaction: boolean;
    /** edgelite: whether no transaction is open; throws (EDGELITE_MISUSE_CLOSED) once closed. */
    readonly autocommit: boolean;
    readonly memory: boolean;
    readonly readonly: boolean;
    /** edgelite: "embedded", "remote" or "replica". */
    readonly mode: 'embedded' | 'remote' | 'replica';
    /** edgelite: the connection's last insert rowid. */
    readonly lastInsertRowid: number | bigint;
    /** edgelite: rows changed by the connection's last INSERT, UPDATE or DELETE. */
    readonly changes: number;
    prepare<Row = any>(sql: string): Statement<Row>;
    exec(sql: string): this;
    pragma(source: string, options?: { simple?: boolean }): unknown;
    transaction<F extends (...args: any[]) => any>(fn: F): TransactionFunction<F>;
    function(name: string, fn: (...args: any[]) => unknown): this;
    function(name: string, options: RegistrationOptions, fn: (...args: any[]) => unknown): this;
    aggregate<T>(name: string, options: AggregateOptions<T>): this;
    backup(destination: string, options?: { attached?: string; progress?: (info: BackupProgress) => void }): Promise<BackupProgress>;
    defaultSafeIntegers(toggle?: boolean): this;
    unsafeMode(toggle?: boolean): this;
    close(): this;
    /** Replicas: pull the primary's new transactions now. */
    sync(): Synced;
    /** edgelite: another connection to the same database. */
    connect(): Database;
    /** edgelite: run statements atomically (one round trip in remote mode). */
    batch(statements: Array<string | [string, InArgs?] | { sql: string; args?: InArgs }>, mode?: 'deferred' | 'write' | 'read' | 'exclusive'): BatchResult[];
    /** edgelite: how long statements wait for a lock held by another connection. */
    busyTimeout(ms: number): this;
    /** Not supported: throws EDGELITE_UNSUPPORTED. */
    serialize(): never;
    /** Not supported: throws EDGELITE_UNSUPPORTED. */
    loadExtension(path: string): never;
    /** Not supported: throws EDGELITE_UNSUPPORTED. */
    table(name: string, definition: object): never;
  }

  /** Errors of the sync API (docs/errors.md). */
  class SqliteError extends Error {
    constructor(message: string, code: string, rawCode?: number, statementIndex?: number);
    /** The extended code's name, e.g. "SQLITE_CONSTRAINT_UNIQUE". */
    code: string;
    /** The extended code, e.g. 2067. */
    rawCode?: number;
    /** For batch errors: the statement that failed. */
    statementIndex?: number;
  }

  /** A number that binds as REAL even when whole. */
  class Real {
    constructor(value: number);
    readonly value: number;
  }
  function real(value: number): Real;

  // ---- the promise API (@libsql/client) ----

  type Value = null | string | number | bigint | ArrayBuffer;
  type InValue = Value | boolean | Uint8Array | Date | Real;
  type InArgs = InValue[] | Record<string, InValue>;
  type InStatement = string | { sql: string; args?: InArgs };
  type IntMode = 'number' | 'bigint' | 'string';
  type TransactionMode = 'write' | 'read' | 'deferred';

  interface Config {
    url: string;
    authToken?: string;
    syncUrl?: string;
    /** Seconds. */
    syncInterval?: number;
    intMode?: IntMode;
    readYourWrites?: boolean;
    follow?: boolean;
    namespace?: string;
    /** Busy timeout, ms. */
    timeout?: number;
    nativeBinding?: string | object;
  }

  interface Row {
    length: number;
    [index: number]: Value;
    [name: string]: Value;
  }

  class ResultSet {
    private constructor();
    columns: string[];
    columnTypes: string[];
    rows: Row[];
    rowsAffected: number;
    lastInsertRowid: bigint | undefined;
    toJSON(): any;
  }

  interface Replicated {
    frame_no: number;
    frames_synced: number;
    generation: number;
  }

  class Transaction {
    private constructor();
    readonly closed: boolean;
    execute(stmt: InStatement): Promise<ResultSet>;
    execute(sql: string, args?: InArgs): Promise<ResultSet>;
    batch(stmts: Array<InStatement | [string, InArgs?]>): Promise<ResultSet[]>;
    executeMultiple(sql: string): Promise<void>;
    commit(): Promise<void>;
    rollback(): Promise<void>;
    close(): void;
  }

  class Client {
    private constructor();
    readonly closed: boolean;
    readonly protocol: 'file' | 'http' | 'ws';
    execute(stmt: InStatement): Promise<ResultSet>;
    execute(sql: string, args?: InArgs): Promise<ResultSet>;
    batch(stmts: Array<InStatement | [string, InArgs?]>, mode?: TransactionMode): Promise<ResultSet[]>;
    migrate(stmts: Array<InStatement | [string, InArgs?]>): Promise<ResultSet[]>;
    transaction(mode?: TransactionMode): Promise<Transaction>;
    executeMultiple(sql: string): Promise<void>;
    sync(): Promise<Replicated>;
    /** edgelite: interrupt the statement running on the client's connection. */
    interrupt(): Promise<void>;
    close(): void;
    reconnect(): Promise<void>;
  }

  function createClient(config: Config): Client;

  /** Errors of the promise API (docs/errors.md). */
  class LibsqlError extends Error {
    constructor(message: string, code?: string, extendedCode?: string, rawCode?: number, cause?: Error);
    /** The primary code's name, e.g. "SQLITE_CONSTRAINT". */
    code: string | undefined;
    /** The extended code's name, e.g. "SQLITE_CONSTRAINT_UNIQUE". */
    extendedCode: string | undefined;
    rawCode: number | undefined;
  }

  class LibsqlBatchError extends LibsqlError {
    constructor(message: string, statementIndex: number, code?: string, extendedCode?: string, rawCode?: number, cause?: Error);
    statementIndex: number;
  }
}

/** The package: the Database class (better-sqlite3), with the rest of the API on it. */
declare const Database: typeof edgelite.Database & {
  Database: typeof edgelite.Database;
  SqliteError: typeof edgelite.SqliteError;
  createClient: typeof edgelite.createClient;
  LibsqlError: typeof edgelite.LibsqlError;
  LibsqlBatchError: typeof edgelite.LibsqlBatchError;
  Real: typeof edgelite.Real;
  real: typeof edgelite.real;
};
type Database = edgelite.Database;
declare namespace Database {
  type Statement<Row = any> = edgelite.Statement<Row>;
  type SqliteError = edgelite.SqliteError;
  type LibsqlError = edgelite.LibsqlError;
  type LibsqlBatchError = edgelite.LibsqlBatchError;
  type Real = edgelite.Real;
  type Options = edgelite.Options;
  type RunResult = edgelite.RunResult;
  type ColumnDefinition = edgelite.ColumnDefinition;
  type Synced = edgelite.Synced;
  type BatchResult = edgelite.BatchResult;
  type BackupProgress = edgelite.BackupProgress;
  type RegistrationOptions = edgelite.RegistrationOptions;
  type AggregateOptions<T = unknown> = edgelite.AggregateOptions<T>;
  type TransactionFunction<F extends (...args: any[]) => any> = edgelite.TransactionFunction<F>;
  type BindValue = edgelite.BindValue;
  type BindParameters = edgelite.BindParameters;
  type Client = edgelite.Client;
  type Transaction = edgelite.Transaction;
  type ResultSet = edgelite.ResultSet;
  type Row = edgelite.Row;
  type Value = edgelite.Value;
  type InValue = edgelite.InValue;
  type InArgs = edgelite.InArgs;
  type InStatement = edgelite.InStatement;
  type IntMode = edgelite.IntMode;
  type TransactionMode = edgelite.TransactionMode;
  type Config = edgelite.Config;
  type Replicated = edgelite.Replicated;
}

export = Database;

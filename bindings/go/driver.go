// Package edgelite is the database/sql driver of edgelite, an SQLite-compatible database that
// runs embedded (a file or :memory:), remote (a server speaking libSQL's Hrana protocol) or as
// an embedded replica of a server.
//
//	db, err := sql.Open("edgelite", "app.db")                               // embedded file
//	db, err := sql.Open("edgelite", ":memory:")                             // one in-memory database per sql.DB
//	db, err := sql.Open("edgelite", "http://127.0.0.1:8080?authToken=...")  // remote (http, https, ws, wss, libsql)
//
//	c, err := edgelite.NewReplicaConnector("replica.db", "http://primary:8080",
//		edgelite.WithAuthToken(token), edgelite.WithSyncInterval(time.Second))
//	db := sql.OpenDB(c)                                                     // embedded replica
//	_, err = c.Sync()
//
// Values map as docs/types.md says: INTEGER ↔ int64, REAL ↔ float64, TEXT ↔ string, BLOB ↔
// []byte, NULL ↔ nil; time.Time binds as ISO-8601 UTC text and reads back as time.Time from
// columns declared DATE, DATETIME or TIMESTAMP. Errors are *Error (docs/errors.md).
package edgelite

/*
#include "edgelite.h"
*/
import "C"

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"strings"
	"sync"
	"time"
)

// DriverName is the name the driver registers with database/sql.
const DriverName = "edgelite"

func init() {
	sql.Register(DriverName, &Driver{})
}

// Version is the version of the native library, e.g. "0.1.0".
func Version() string {
	var v *C.char
	if C.edgelite_version(&v, nil) != C.EDGELITE_OK {
		return ""
	}
	return C.GoString(v)
}

// Driver is the database/sql driver. It implements driver.DriverContext: sql.Open makes one
// Connector (one database) per sql.DB, which every pooled connection shares — so ":memory:" is
// one in-memory database per sql.DB, not one per connection.
type Driver struct{}

// Open opens a connection to its own database (database/sql uses OpenConnector instead).
func (d *Driver) Open(dsn string) (driver.Conn, error) {
	c, err := d.OpenConnector(dsn)
	if err != nil {
		return nil, err
	}
	conn, err := c.(*Connector).Connect(context.Background())
	if err != nil {
		c.(*Connector).Close()
		return nil, err
	}
	conn.(*Conn).owned = c.(*Connector)
	return conn, nil
}

// OpenConnector opens the database named by dsn: a server URL (http://, https://, ws://, wss://,
// libsql://, with ?authToken=...) for remote mode; anything else is a local path, a file: URI or
// ":memory:".
func (d *Driver) OpenConnector(dsn string) (driver.Connector, error) {
	return NewConnector(dsn)
}

// IsRemoteURL reports whether dsn names a server rather than a local file.
func IsRemoteURL(dsn string) bool {
	lower := strings.ToLower(dsn)
	for _, scheme := range []string{"http://", "https://", "ws://", "wss://", "libsql://"} {
		if strings.HasPrefix(lower, scheme) {
			return true
		}
	}
	return false
}

// Option configures a Connector.
type Option func(*config)

type config struct {
	authToken        string
	namespace        string
	readOnly         bool
	noCreate         bool
	noReadYourWrites bool
	busyTimeout      time.Duration
	busySet          bool
	syncInterval     time.Duration
	requestTimeout   time.Duration
	noTimes          bool
}

// WithAuthToken sets the token sent to the server (remote and replica modes).
func WithAuthToken(token string) Option { return func(c *config) { c.authToken = token } }

// WithNamespace selects a server namespace (remote and replica modes).
func WithNamespace(ns string) Option { return func(c *config) { c.namespace = ns } }

// WithReadOnly opens a local database read-only.
func WithReadOnly(on bool) Option { return func(c *config) { c.readOnly = on } }

// WithCreateIfMissing says whether a missing local file is created (default true).
func WithCreateIfMissing(on bool) Option { return func(c *config) { c.noCreate = !on } }

// WithBusyTimeout sets how long a statement waits for another connection's lock (default 5s).
func WithBusyTimeout(d time.Duration) Option {
	return func(c *config) { c.busyTimeout, c.busySet = d, true }
}

// WithSyncInterval makes a replica sync in the background at this interval.
func WithSyncInterval(d time.Duration) Option { return func(c *config) { c.syncInterval = d } }

// WithReadYourWrites says whether a write on a replica returns only after the replica has
// pulled it (default true).
func WithReadYourWrites(on bool) Option { return func(c *config) { c.noReadYourWrites = !on } }

// WithRequestTimeout fails a remote request that takes longer than d (EDGELITE_REMOTE_TIMEOUT).
func WithRequestTimeout(d time.Duration) Option { return func(c *config) { c.requestTimeout = d } }

// WithTimeConversion says whether TEXT in columns declared DATE, DATETIME or TIMESTAMP is read
// back as time.Time (default true; docs/types.md decision 9). Off, every TEXT is a string.
func WithTimeConversion(on bool) Option { return func(c *config) { c.noTimes = !on } }

// Connector is one database (in any mode) that database/sql opens connections to; pass it to
// sql.OpenDB. It is safe for concurrent use. Closing the sql.DB closes it.
type Connector struct {
	mu     sync.RWMutex
	db     *C.edgelite_database
	times  bool
	remote bool
}

// NewConnector opens the database named by dsn (see Driver.OpenConnector) with options.
func NewConnector(dsn string, opts ...Option) (*Connector, error) {
	if IsRemoteURL(dsn) {
		return open("", dsn, opts)
	}
	return open(dsn, "", opts)
}

// NewReplicaConnector opens an embedded replica: the local file at path, kept in sync with the
// primary at url. Reads run locally; writes go to the primary and, with read-your-writes (the
// default), the replica has pulled them when the write returns.
func NewReplicaConnector(path, url string, opts ...Option) (*Connector, error) {
	if path == "" || url == "" {
		return nil, newError(int(CodeMisuse), "a replica needs a local path and the primary's URL")
	}
	return open(path, url, opts)
}

func open(path, url string, opts []Option) (*Connector, error) {
	var cfg config
	for _, o := range opts {
		o(&cfg)
	}
	var c C.edgelite_config
	c.version = C.EDGELITE_CONFIG_VERSION
	strs := []*C.char{cString(path), cString(url), cString(cfg.authToken), cString(cfg.namespace)}
	defer func() {
		for _, s := range strs {
			freeCString(s)
		}
	}()
	if path != "" && strs[0] == nil || url != "" && strs[1] == nil {
		return nil, newError(int(CodeMisuse), "empty path or URL")
	}
	c.path, c.url, c.auth_token, c.namespace_ = strs[0], strs[1], strs[2], strs[3]
	c.read_only = boolInt(cfg.readOnly)
	c.no_create = boolInt(cfg.noCreate)
	c.no_read_your_writes = boolInt(cfg.noReadYourWrites)
	c.busy_timeout_ms = -1
	if cfg.busySet {
		c.busy_timeout_ms = C.int64_t(cfg.busyTimeout / time.Millisecond)
	}
	c.sync_interval_ms = C.uint64_t(cfg.syncInterval / time.Millisecond)
	c.request_timeout_ms = C.uint64_t(cfg.requestTimeout / time.Millisecond)
	var db *C.edgelite_database
	var cerr *C.edgelite_error
	if err := errorFromC(C.edgelite_database_open(&c, &db, &cerr), cerr); err != nil {
		return nil, err
	}
	return &Connector{db: db, times: !cfg.noTimes, remote: url != "" && path == ""}, nil
}

func boolInt(b bool) C.int32_t {
	if b {
		return 1
	}
	return 0
}

// Connect opens a connection (database/sql calls it for its pool).
func (c *Connector) Connect(ctx context.Context) (driver.Conn, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.db == nil {
		return nil, newError(extendedMisuseClosed, "the connector is closed")
	}
	var h *C.edgelite_connection
	var cerr *C.edgelite_error
	if err := errorFromC(C.edgelite_database_connect(c.db, &h, &cerr), cerr); err != nil {
		return nil, err
	}
	return &Conn{h: h, times: c.times}, nil
}

// Driver returns the edgelite driver.
func (c *Connector) Driver() driver.Driver { return &Driver{} }

// Replicated is what a sync did.
type Replicated struct {
	// Generation is the primary's generation the replica is in now.
	Generation uint64
	// FrameNo is the last frame applied.
	FrameNo uint64
	// FramesSynced is how many frames this call applied.
	FramesSynced uint64
}

// Sync pulls the primary's new transactions into a replica (ErrUnsupported in other modes).
func (c *Connector) Sync() (Replicated, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.db == nil {
		return Replicated{}, newError(extendedMisuseClosed, "the connector is closed")
	}
	var out C.edgelite_synced
	var cerr *C.edgelite_error
	if err := errorFromC(C.edgelite_database_sync(c.db, &out, &cerr), cerr); err != nil {
		return Replicated{}, err
	}
	return Replicated{Generation: uint64(out.generation), FrameNo: uint64(out.frame), FramesSynced: uint64(out.frames_applied)}, nil
}

// Close releases the database (sql.DB.Close calls it). Connections still open stay usable until
// they are closed.
func (c *Connector) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.db != nil {
		C.edgelite_database_free(c.db)
		c.db = nil
	}
	return nil
}

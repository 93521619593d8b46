//! `edgelite shell`: a sqlite3-style interactive shell.

use std::io::{self, BufRead, IsTerminal, Write};
use std::time::Instant;

use edgelite::{Connection, Database};
use rustyline::error::ReadlineError;

use crate::format::{print_rows, OutputMode, Style};

#[derive(clap::Args)]
pub struct ShellArgs {
    /// The database: a file path (created if missing), `:memory:`, or a server URL
    /// (`http(s)://`, `ws(s)://`, `libsql://`).
    #[arg(default_value = ":memory:")]
    database: String,
    /// The token for a server URL (also `authToken=` in the URL).
    #[arg(long, env = "EDGELITE_AUTH_TOKEN", hide_env_values = true)]
    auth_token: Option<String>,
    /// The server namespace to use.
    #[arg(long)]
    namespace: Option<String>,
    /// Open the database file as an embedded replica of the primary at this URL: reads are
    /// local, writes go to the primary; `.sync` pulls (the shell syncs once on start).
    #[arg(long)]
    sync_url: Option<String>,
    /// SQL or dot-commands to run instead of reading input; the shell exits afterwards.
    commands: Vec<String>,
    /// The output mode (list, csv, tabs, line, json, table, box, column). Default: box on a
    /// terminal, list otherwise (as sqlite3).
    #[arg(long, short)]
    mode: Option<String>,
    /// Print column headers (default: on a terminal only).
    #[arg(long)]
    headers: Option<bool>,
}

const HELP: &str = "\
.dump                    Print the database as SQL (schema and data)
.exit ?CODE?             Exit the shell (also .quit, or Ctrl-D)
.headers on|off          Show or hide column headers
.help                    Show this message
.mode ?MODE?             Show or set the output mode: list, csv, tabs, line, json, table, box, column
.nullvalue TEXT          Print TEXT for NULL values
.read FILE               Run the SQL and dot-commands in FILE
.sync                    Pull the primary's new transactions (replicas, --sync-url)
.schema ?PATTERN?        Show the CREATE statements (of tables matching the LIKE pattern)
.tables ?PATTERN?        List tables and views (matching the LIKE pattern)
.timer on|off            Show how long each statement took
SQL statements end with ';' and may span several lines.";

struct Shell {
    db: Database,
    conn: Connection,
    style: Style,
    timer: bool,
    had_error: bool,
}

enum Flow {
    Continue,
    Exit(i32),
}

/// Runs the shell; returns the process exit code.
pub fn run(args: ShellArgs) -> i32 {
    let interactive = io::stdin().is_terminal() && args.commands.is_empty();
    let mode = match args.mode.as_deref().map(|m| OutputMode::parse(m).ok_or(m)) {
        None => {
            if interactive {
                OutputMode::Box
            } else {
                OutputMode::List
            }
        }
        Some(Ok(mode)) => mode,
        Some(Err(m)) => {
            eprintln!("Error: unknown mode {m:?}; choose one of {}", OutputMode::NAMES);
            return 1;
        }
    };
    let open = || -> edgelite::Result<Database> {
        if let Some(sync_url) = &args.sync_url {
            let mut builder = edgelite::Builder::replica(&args.database, sync_url);
            if let Some(token) = &args.auth_token {
                builder = builder.auth_token(token);
            }
            if let Some(ns) = &args.namespace {
                builder = builder.namespace(ns);
            }
            let db = builder.build()?;
            db.sync()?;
            Ok(db)
        } else if edgelite::is_remote_url(&args.database) {
            let mut builder = edgelite::Builder::remote(&args.database);
            if let Some(token) = &args.auth_token {
                builder = builder.auth_token(token);
            }
            if let Some(ns) = &args.namespace {
                builder = builder.namespace(ns);
            }
            builder.build()
        } else {
            Database::open(&args.database)
        }
    };
    let (db, conn) = match open().and_then(|db| db.connect().map(|c| (db, c))) {
        Ok(pair) => pair,
        Err(err) => {
            eprintln!("Error: cannot open {}: {err}", args.database);
            return 1;
        }
    };
    let mut shell = Shell {
        db,
        conn,
        style: Style { mode, headers: args.headers.unwrap_or(interactive), null_value: String::new() },
        timer: false,
        had_error: false,
    };
    let flow = if !args.commands.is_empty() {
        shell.run_lines(args.commands.iter().map(|c| Ok(c.clone())))
    } else if interactive {
        println!(
            "edgelite {} (SQLite {}) — enter \".help\" for usage hints.",
            edgelite::VERSION,
            edgelite::sqlite_version()
        );
        shell.interactive()
    } else {
        shell.run_lines(io::stdin().lock().lines())
    };
    match flow {
        Flow::Exit(code) => code,
        Flow::Continue => i32::from(shell.had_error),
    }
}

impl Shell {
    /// Reads from the terminal with line editing and history.
    fn interactive(&mut self) -> Flow {
        let mut editor = match rustyline::DefaultEditor::new() {
            Ok(editor) => editor,
            Err(err) => {
                eprintln!("Error: cannot set up line editing ({err}); reading plain lines");
                return self.run_lines(io::stdin().lock().lines());
            }
        };
        let history = std::env::var_os("HOME").map(|h| std::path::Path::new(&h).join(".edgelite_history"));
        if let Some(path) = &history {
            let _ = editor.load_history(path);
        }
        let mut buffer = String::new();
        let flow = loop {
            let prompt = if buffer.is_empty() { "edgelite> " } else { "     ...> " };
            match editor.readline(prompt) {
                Ok(line) => {
                    let _ = editor.add_history_entry(line.as_str());
                    if let Flow::Exit(code) = self.feed(&mut buffer, &line) {
                        break Flow::Exit(code);
                    }
                }
                // Ctrl-C abandons the statement being typed.
                Err(ReadlineError::Interrupted) => buffer.clear(),
                Err(ReadlineError::Eof) => break self.finish(&buffer),
                Err(err) => {
                    eprintln!("Error: {err}");
                    break Flow::Exit(1);
                }
            }
        };
        if let Some(path) = &history {
            let _ = editor.save_history(path);
        }
        flow
    }

    fn run_lines(&mut self, lines: impl Iterator<Item = io::Result<String>>) -> Flow {
        let mut buffer = String::new();
        for line in lines {
            let line = match line {
                Ok(line) => line,
                Err(err) => {
                    eprintln!("Error: reading input: {err}");
                    return Flow::Exit(1);
                }
            };
            if let Flow::Exit(code) = self.feed(&mut buffer, &line) {
                return Flow::Exit(code);
            }
        }
        self.finish(&buffer)
    }

    /// Takes one input line: a dot-command, or SQL that runs once a statement is complete.
    fn feed(&mut self, buffer: &mut String, line: &str) -> Flow {
        if buffer.trim().is_empty() && line.trim_start().starts_with('.') {
            buffer.clear();
            return self.dot_command(line.trim());
        }
        buffer.push_str(line);
        buffer.push('\n');
        if edgelite::sql::is_complete(buffer) {
            self.run_sql(buffer);
            buffer.clear();
        }
        Flow::Continue
    }

    /// Runs what is left at the end of input (a final statement may lack its `;`).
    fn finish(&mut self, buffer: &str) -> Flow {
        if !buffer.trim().is_empty() {
            self.run_sql(buffer);
        }
        Flow::Continue
    }

    fn run_sql(&mut self, text: &str) {
        for sql in edgelite::sql::split_statements(text) {
            let started = Instant::now();
            let result = self.conn.query(sql, ()).and_then(|rows| {
                let columns: Vec<String> = rows.column_names().into_iter().map(str::to_owned).collect();
                Ok((columns, rows.collect_values()?))
            });
            match result {
                Ok((columns, rows)) => {
                    if !columns.is_empty() {
                        let mut out = io::stdout().lock();
                        if let Err(err) = print_rows(&mut out, &self.style, &columns, &rows).and_then(|_| out.flush()) {
                            if err.kind() == io::ErrorKind::BrokenPipe {
                                std::process::exit(0);
                            }
                        }
                    }
                }
                Err(err) => self.error(&err.to_string()),
            }
            if self.timer {
                println!("Run Time: real {:.3}", started.elapsed().as_secs_f64());
            }
        }
    }

    fn error(&mut self, message: &str) {
        eprintln!("Error: {message}");
        self.had_error = true;
    }

    fn dot_command(&mut self, line: &str) -> Flow {
        let mut words = line.split_whitespace();
        let command = words.next().unwrap_or(".");
        let args: Vec<&str> = words.collect();
        match (command, args.as_slice()) {
            (".quit" | ".exit", []) => return Flow::Exit(0),
            (".exit", [code]) => return Flow::Exit(code.parse().unwrap_or(1)),
            (".help", _) => println!("{HELP}"),
            (".dump", []) => {
                let mut out = io::stdout().lock();
                if let Err(err) = edgelite::dump::dump(&self.conn, &mut out, edgelite::dump::DumpOptions::default()) {
                    self.error(&err.to_string());
                }
            }
            (".tables", pattern) => self.tables(pattern.first().copied()),
            (".schema", pattern) => self.schema(pattern.first().copied()),
            (".mode", []) => println!("current output mode: {:?}", self.style.mode),
            (".mode", [name]) => match OutputMode::parse(name) {
                Some(mode) => self.style.mode = mode,
                None => self.error(&format!("unknown mode {name:?}; choose one of {}", OutputMode::NAMES)),
            },
            (".headers", [flag]) => match on_off(flag) {
                Some(on) => self.style.headers = on,
                None => self.error("usage: .headers on|off"),
            },
            (".timer", [flag]) => match on_off(flag) {
                Some(on) => self.timer = on,
                None => self.error("usage: .timer on|off"),
            },
            (".nullvalue", [text]) => self.style.null_value = (*text).to_owned(),
            (".sync", []) => match self.db.sync() {
                Ok(synced) => println!(
                    "generation {}, frame {}: applied {} transaction(s), {} frame(s){}",
                    synced.generation,
                    synced.frame,
                    synced.transactions_applied,
                    synced.frames_applied,
                    if synced.bootstrapped { " (from a snapshot)" } else { "" }
                ),
                Err(err) => self.error(&err.to_string()),
            },
            (".read", [file]) => match std::fs::File::open(file) {
                Ok(f) => {
                    if let Flow::Exit(code) = self.run_lines(io::BufReader::new(f).lines()) {
                        return Flow::Exit(code);
                    }
                }
                Err(err) => self.error(&format!("cannot open {file:?}: {err}")),
            },
            _ => self.error(&format!("unknown command or invalid arguments: {line:?}. Enter \".help\" for help")),
        }
        Flow::Continue
    }

    fn tables(&mut self, pattern: Option<&str>) {
        let result = self.conn.query(
            "SELECT name FROM sqlite_schema WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' \
             AND name LIKE ?1 ORDER BY name",
            [pattern.unwrap_or("%")],
        );
        match result.and_then(|rows| rows.collect_values()) {
            Ok(rows) => {
                let names: Vec<String> = rows.iter().map(|r| crate::format::display(&r[0], "")).collect();
                let width = names.iter().map(|n| n.chars().count()).max().unwrap_or(0) + 2;
                let per_line = (80 / width.max(1)).max(1);
                for chunk in names.chunks(per_line) {
                    let line: String = chunk.iter().map(|n| format!("{n:<width$}")).collect();
                    println!("{}", line.trim_end());
                }
            }
            Err(err) => self.error(&err.to_string()),
        }
    }

    fn schema(&mut self, pattern: Option<&str>) {
        let result = self.conn.query(
            "SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' \
             AND tbl_name LIKE ?1 ORDER BY rowid",
            [pattern.unwrap_or("%")],
        );
        match result.and_then(|rows| rows.collect_values()) {
            Ok(rows) => {
                for row in rows {
                    println!("{};", crate::format::display(&row[0], ""));
                }
            }
            Err(err) => self.error(&err.to_string()),
        }
    }
}

fn on_off(flag: &str) -> Option<bool> {
    match flag.to_ascii_lowercase().as_str() {
        "on" | "yes" | "1" | "true" => Some(true),
        "off" | "no" | "0" | "false" => Some(false),
        _ => None,
    }
}

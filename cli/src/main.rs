//! `edgelite`: the command-line entry point.

mod format;
mod serve;
mod shell;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "edgelite", version, about = "edgelite: a SQLite-compatible database — embedded, remote and replica")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// An interactive SQL shell, like sqlite3: SQL statements end with `;`, dot-commands
    /// (`.help`) control the shell. Reads from the terminal with line editing, or runs what is
    /// piped to it.
    Shell(shell::ShellArgs),
    /// Serve databases over libSQL's Hrana protocol (HTTP and WebSocket) on one port; the
    /// official libSQL clients connect to it unchanged.
    Serve(serve::ServeArgs),
}

fn main() {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Shell(args) => shell::run(args),
        Command::Serve(args) => serve::run(args),
    };
    std::process::exit(code);
}

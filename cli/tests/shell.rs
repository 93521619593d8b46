//! `edgelite shell` driven as users drive it: piped input, arguments, and a real terminal.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn shell(args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_edgelite"))
        .arg("shell")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The shell may exit before reading (a bad database): a broken pipe here is expected.
    let _ = child.stdin.take().unwrap().write_all(input.as_bytes());
    child.wait_with_output().unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

#[test]
fn piped_sql_prints_list_mode_like_sqlite3() {
    let out = shell(&[], "CREATE TABLE t(a, b);\nINSERT INTO t VALUES (1, 'x'), (2.5, NULL), (9223372036854775807, x'00ff');\nSELECT * FROM t;\n");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "1|x\n2.5|\n9223372036854775807|X'00FF'\n");
}

#[test]
fn statements_span_lines_and_share_lines() {
    let out = shell(&[], "SELECT\n  1 + 1;  SELECT 'a;b';\nCREATE TABLE t(x); CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n SELECT 1;\nEND;\nSELECT 3\n");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "2\na;b\n3\n");
}

#[test]
fn errors_are_reported_and_the_shell_goes_on() {
    let out = shell(&[], "SELECT 1;\nSELEC 2;\nSELECT * FROM missing;\nSELECT 3;\n");
    assert_eq!(out.status.code(), Some(1), "errors make the exit code 1, as in sqlite3");
    assert_eq!(stdout(&out), "1\n3\n");
    let err = stderr(&out);
    assert!(err.contains("Error: SQLITE_ERROR: near \"SELEC\": syntax error"), "{err}");
    assert!(err.contains("no such table: missing"), "{err}");
}

#[test]
fn dot_commands() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shell.db");
    let db = db.to_str().unwrap();
    let out = shell(&[db], "CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT);\nCREATE VIEW v AS SELECT 1;\nINSERT INTO users(name) VALUES ('ada'), ('bob');\n.tables\n.schema users\n.mode csv\n.headers on\nSELECT * FROM users;\n.mode json\nSELECT * FROM users WHERE id = 1;\n.mode box\nSELECT name FROM users WHERE id = 2;\n.nullvalue NULL\n.mode list\n.headers off\nSELECT NULL;\n.help\n.bogus\n");
    let text = stdout(&out);
    assert!(
        text.starts_with("users  v\nCREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT);\nid,name\n1,ada\n2,bob\n"),
        "{text}"
    );
    assert!(text.contains("[\n{\"id\":1,\"name\":\"ada\"}\n]\n"), "{text}");
    assert!(text.contains("┌──────┐\n│ name │\n├──────┤\n│ bob  │\n└──────┘\n"), "{text}");
    assert!(text.contains("\nNULL\n"), "{text}");
    assert!(text.contains(".tables ?PATTERN?"), "{text}");
    assert!(stderr(&out).contains("unknown command"), "{}", stderr(&out));
    assert_eq!(out.status.code(), Some(1));

    // The file is a database the next shell (and sqlite3) can read.
    let again = shell(&[db, "SELECT count(*) FROM users"], "");
    assert_eq!(stdout(&again), "2\n");
    let sqlite3 = Command::new("sqlite3").arg(db).arg("SELECT name FROM users ORDER BY id").output().unwrap();
    assert_eq!(String::from_utf8(sqlite3.stdout).unwrap(), "ada\nbob\n");
}

#[test]
fn dump_prints_sql_that_rebuilds_the_database() {
    let out = shell(&[], "CREATE TABLE t(a, b);\nINSERT INTO t VALUES (1, 'x');\n.dump\n");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\nCREATE TABLE t(a, b);\nINSERT INTO \"t\" VALUES(1,'x');\nCOMMIT;\n"
    );
}

#[test]
fn quit_stops_reading() {
    let out = shell(&[], "SELECT 1;\n.quit\nSELECT 2;\n");
    assert!(out.status.success());
    assert_eq!(stdout(&out), "1\n");
    let out = shell(&[], ".exit 3\n");
    assert_eq!(out.status.code(), Some(3));
}

#[test]
fn bad_database_paths_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, "not a database at all, just text that is long enough ".repeat(10)).unwrap();
    let out = shell(&[junk.to_str().unwrap()], "SELECT 1;\n");
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("SQLITE_NOTADB"), "{}", stderr(&out));
    let out = shell(&["--mode", "nope"], "");
    assert_eq!(out.status.code(), Some(1));
}

/// Runs the shell on a real pseudo-terminal (through util-linux `script`), so it takes the
/// line-editing path with prompts.
#[test]
fn interactive_terminal_session() {
    let dir = tempfile::tempdir().unwrap();
    let command = format!("{} shell", env!("CARGO_BIN_EXE_edgelite"));
    let mut child = Command::new("script")
        .args(["-q", "-e", "-c", &command, "/dev/null"])
        .env("HOME", dir.path())
        .env("TERM", "dumb")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("util-linux `script` is needed to test the terminal path");
    let mut stdin = child.stdin.take().unwrap();
    for line in ["SELECT 40 +", "2 AS answer;", "SELEC;", ".quit"] {
        stdin.write_all(format!("{line}\n").as_bytes()).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(150));
    }
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("edgelite> "), "{text}");
    assert!(text.contains("...> "), "continuation prompt missing: {text}");
    assert!(text.contains("│ answer │") && text.contains("│ 42     │"), "{text}");
    assert!(text.contains("syntax error"), "{text}");
    assert!(dir.path().join(".edgelite_history").exists(), "history was not saved");
}

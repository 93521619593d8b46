//! The server load generator works end to end against the in-process server: every transport
//! and workload, with more than one client, without a failed request. Nothing here is timed.

use std::process::Command;

#[test]
fn every_cell_runs_without_errors() {
    let out = Command::new(env!("CARGO_BIN_EXE_server"))
        .args(["--duration", "0.1", "--warmup", "0", "--clients", "1,3"])
        .output()
        .expect("the server bench runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "exit {:?}\n{stdout}\n{stderr}", out.status);
    // Four transports, four workloads, two client counts.
    let rows: Vec<&str> = stdout.lines().filter(|l| l.starts_with("HTTP ") || l.starts_with("WebSocket ")).collect();
    assert_eq!(rows.len(), 4 * 4 * 2, "{stdout}");
    for row in rows {
        let errors = row.split_whitespace().last().unwrap();
        assert_eq!(errors, "0", "{row}");
    }
}

#[test]
fn help_lists_the_options() {
    let out = Command::new(env!("CARGO_BIN_EXE_server")).arg("--help").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for flag in ["--duration", "--warmup", "--url", "--auth-token", "--clients", "--transports", "--workloads"] {
        assert!(text.contains(flag), "{flag} missing from --help:\n{text}");
    }
}

//! How the shell prints results (`.mode`).

use std::fmt::Write as _;
use std::io::{self, Write};

use edgelite::Value;

/// The output modes of `.mode`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputMode {
    /// Values separated by `|`, one row per line (sqlite3's default).
    List,
    /// Comma-separated values with RFC 4180 quoting.
    Csv,
    /// Tab-separated values.
    Tabs,
    /// One `column = value` line per value, rows separated by a blank line.
    Line,
    /// A JSON array of objects.
    Json,
    /// Aligned columns with an ASCII frame.
    Table,
    /// Aligned columns with a box-drawing frame.
    Box,
    /// Aligned columns without a frame.
    Column,
}

impl OutputMode {
    pub const NAMES: &'static str = "list, csv, tabs, line, json, table, box, column";

    pub fn parse(name: &str) -> Option<OutputMode> {
        Some(match name {
            "list" => OutputMode::List,
            "csv" => OutputMode::Csv,
            "tabs" => OutputMode::Tabs,
            "line" => OutputMode::Line,
            "json" => OutputMode::Json,
            "table" => OutputMode::Table,
            "box" => OutputMode::Box,
            "column" => OutputMode::Column,
            _ => return None,
        })
    }
}

/// Settings that shape the output.
pub struct Style {
    pub mode: OutputMode,
    pub headers: bool,
    pub null_value: String,
}

/// A real as sqlite3 prints it: 15 significant digits, always with a decimal point or exponent.
pub fn format_real(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "Inf".into() } else { "-Inf".into() };
    }
    let sci = format!("{:.14e}", f);
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let trim = |s: &str| -> String {
        if s.contains('.') {
            let t = s.trim_end_matches('0');
            if t.ends_with('.') {
                format!("{t}0")
            } else {
                t.to_owned()
            }
        } else {
            format!("{s}.0")
        }
    };
    if !(-4..15).contains(&exp) {
        format!("{}e{}{:02}", trim(mantissa), if exp < 0 { '-' } else { '+' }, exp.abs())
    } else {
        let decimals = (14 - exp).max(0) as usize;
        trim(&format!("{:.*}", decimals, f))
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02X}");
        s
    })
}

/// A value as text for the terminal.
pub fn display(value: &Value, null_value: &str) -> String {
    match value {
        Value::Null => null_value.to_owned(),
        Value::Integer(i) => i.to_string(),
        Value::Real(f) => format_real(*f),
        Value::Text(s) => s.clone(),
        Value::Blob(b) => format!("X'{}'", hex(b)),
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

fn json_value(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Integer(i) => i.to_string(),
        Value::Real(f) if f.is_finite() => format_real(*f),
        Value::Real(_) => "null".into(),
        Value::Text(s) => json_string(s),
        Value::Blob(b) => json_string(&hex(b)),
    }
}

fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn width(s: &str) -> usize {
    s.chars().count()
}

/// Prints one result set.
pub fn print_rows(out: &mut impl Write, style: &Style, columns: &[String], rows: &[Vec<Value>]) -> io::Result<()> {
    let cells = |row: &Vec<Value>| -> Vec<String> { row.iter().map(|v| display(v, &style.null_value)).collect() };
    match style.mode {
        OutputMode::List | OutputMode::Tabs | OutputMode::Csv => {
            let (sep, quote): (&str, fn(&str) -> String) = match style.mode {
                OutputMode::List => ("|", str::to_owned),
                OutputMode::Tabs => ("\t", str::to_owned),
                _ => (",", csv_field),
            };
            if style.headers && !columns.is_empty() {
                writeln!(out, "{}", columns.iter().map(|c| quote(c)).collect::<Vec<_>>().join(sep))?;
            }
            for row in rows {
                writeln!(out, "{}", cells(row).iter().map(|c| quote(c)).collect::<Vec<_>>().join(sep))?;
            }
        }
        OutputMode::Line => {
            let w = columns.iter().map(|c| width(c)).max().unwrap_or(0);
            for (i, row) in rows.iter().enumerate() {
                if i > 0 {
                    writeln!(out)?;
                }
                for (c, v) in columns.iter().zip(cells(row)) {
                    writeln!(out, "{c:>w$} = {v}")?;
                }
            }
        }
        OutputMode::Json => {
            if rows.is_empty() {
                return Ok(());
            }
            writeln!(out, "[")?;
            for (i, row) in rows.iter().enumerate() {
                let fields: Vec<String> =
                    columns.iter().zip(row).map(|(c, v)| format!("{}:{}", json_string(c), json_value(v))).collect();
                writeln!(out, "{{{}}}{}", fields.join(","), if i + 1 < rows.len() { "," } else { "" })?;
            }
            writeln!(out, "]")?;
        }
        OutputMode::Table | OutputMode::Box | OutputMode::Column => {
            let body: Vec<Vec<String>> = rows.iter().map(cells).collect();
            let widths: Vec<usize> = (0..columns.len())
                .map(|i| body.iter().map(|r| width(&r[i])).chain([width(&columns[i])]).max().unwrap_or(0))
                .collect();
            let pad = |s: &str, w: usize| format!("{s}{}", " ".repeat(w - width(s)));
            let line =
                |cells: &[String]| -> Vec<String> { cells.iter().zip(&widths).map(|(c, w)| pad(c, *w)).collect() };
            let rule = |l: &str, m: &str, r: &str, h: &str| {
                format!("{l}{}{r}", widths.iter().map(|w| h.repeat(w + 2)).collect::<Vec<_>>().join(m))
            };
            match style.mode {
                OutputMode::Column => {
                    if style.headers {
                        writeln!(out, "{}", line(columns).join("  ").trim_end())?;
                        writeln!(out, "{}", widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>().join("  "))?;
                    }
                    for row in &body {
                        writeln!(out, "{}", line(row).join("  ").trim_end())?;
                    }
                }
                mode => {
                    let boxed = mode == OutputMode::Box;
                    let (v, h) = if boxed { ("│", "─") } else { ("|", "-") };
                    let [top, mid, bottom] = if boxed {
                        [rule("┌", "┬", "┐", h), rule("├", "┼", "┤", h), rule("└", "┴", "┘", h)]
                    } else {
                        [rule("+", "+", "+", h), rule("+", "+", "+", h), rule("+", "+", "+", h)]
                    };
                    let row_line = |cells: Vec<String>| format!("{v} {} {v}", cells.join(&format!(" {v} ")));
                    writeln!(out, "{top}")?;
                    writeln!(out, "{}", row_line(line(columns)))?;
                    writeln!(out, "{mid}")?;
                    for row in &body {
                        writeln!(out, "{}", row_line(line(row)))?;
                    }
                    writeln!(out, "{bottom}")?;
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reals_print_like_sqlite3() {
        assert_eq!(format_real(1.0), "1.0");
        assert_eq!(format_real(0.1 + 0.2), "0.3");
        assert_eq!(format_real(1.5), "1.5");
        assert_eq!(format_real(-0.0), "-0.0");
        assert_eq!(format_real(1e100), "1.0e+100");
        assert_eq!(format_real(1.25e-7), "1.25e-07");
        assert_eq!(format_real(123456789.125), "123456789.125");
    }

    #[test]
    fn csv_quotes_when_needed() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("plain"), "plain");
    }
}

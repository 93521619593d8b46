//! Compatibility tests of the official libSQL Rust crate (`libsql` from crates.io) against a
//! real `edgelite serve`; everything is in `tests/`. The crate is apart from the rest of the
//! workspace because `libsql` links libSQL's own SQLite, which cannot share a binary with ours.

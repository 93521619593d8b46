//! The conformance suite: the same cases, run through every binding in every mode.
//!
//! - [`wire`]: typed values and errors as they travel between the harness and runners;
//! - [`cases`]: loading `cases/*.json`;
//! - [`harness`]: runner processes, per-mode targets, and checking each step's answer.
//!
//! See `PROTOCOL.md` for the runner protocol and the case format.

pub mod cases;
pub mod harness;
pub mod wire;

//! Replication's primary side and its formats: SQLite WAL frames ([`frame`]), the frame log a
//! primary keeps for its replicas ([`FrameLog`]), and the capture that fills it from the WAL.
//!
//! A primary is opened with [`Builder::primary`](crate::Builder::primary); its
//! [`Database::frame_log`](crate::Database::frame_log) is what a server serves at
//! `GET /info`, `GET /export/{generation}` and `GET /sync/{generation}/{start}/{end}`.

mod capture;
pub mod frame;
mod log;

pub(crate) use capture::Capture;
pub use capture::PrimaryOptions;
pub use log::{CatchUp, FrameLog, LogInfo, Position, ReadFrames, GONE_HEADER};

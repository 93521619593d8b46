//! The Hrana protocol on the server: request execution shared by both transports, and the
//! HTTP and WebSocket transports.

pub mod exec;
pub mod http;
pub mod ws;

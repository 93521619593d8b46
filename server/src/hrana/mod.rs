//! The Hrana protocol on the server: request execution shared by both transports, and the
//! HTTP and WebSocket transports.

pub mod exec;
pub mod http;
pub mod ws;

use edgelite::InterruptHandle;

/// Interrupts a statement if dropped while armed: when a client goes away mid-request, the
/// future serving it is dropped, and the statement it started must not run on unattended
/// (an endless query would hold a thread and a lock forever).
pub(crate) struct InterruptOnDrop {
    handle: Option<InterruptHandle>,
    on_abandon: Option<Box<dyn FnOnce() + Send>>,
}

impl InterruptOnDrop {
    pub(crate) fn new(handle: InterruptHandle) -> InterruptOnDrop {
        InterruptOnDrop { handle: Some(handle), on_abandon: None }
    }

    /// Also runs `f` if the request is abandoned.
    pub(crate) fn on_abandon(mut self, f: impl FnOnce() + Send + 'static) -> InterruptOnDrop {
        self.on_abandon = Some(Box::new(f));
        self
    }

    /// The request completed: nothing to interrupt.
    pub(crate) fn disarm(mut self) {
        self.handle = None;
        self.on_abandon = None;
    }
}

impl Drop for InterruptOnDrop {
    fn drop(&mut self) {
        if let Some(handle) = self.handle.take() {
            handle.interrupt();
            if let Some(f) = self.on_abandon.take() {
                f();
            }
        }
    }
}

//! The one tokio runtime the core owns for network I/O. Blocking API calls hand their future
//! to it and wait; bindings never create runtimes.

use std::future::Future;
use std::sync::OnceLock;

use tokio::runtime::Runtime;

use crate::error::{Error, ErrorCode, Result};

fn runtime() -> &'static Runtime {
    static RUNTIME: OnceLock<Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("edgelite-io")
            .enable_all()
            .build()
            .expect("the I/O runtime can be created")
    })
}

/// Starts `future` on the core's runtime.
pub(crate) fn spawn<F>(future: F) -> tokio::task::JoinHandle<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    runtime().spawn(future)
}

/// Runs `future` on the core's runtime and waits for it. Works from any thread, including one
/// inside another async runtime (it then blocks that thread, as any blocking call does).
/// `abort` receives the task's handle so another thread can cancel it ([`interrupt`]).
///
/// [`interrupt`]: crate::Connection::interrupt
pub(crate) fn block_on<F, T>(future: F, abort: impl FnOnce(tokio::task::AbortHandle)) -> Result<T>
where
    F: Future<Output = Result<T>> + Send + 'static,
    T: Send + 'static,
{
    let handle = spawn(future);
    abort(handle.abort_handle());
    match futures_executor::block_on(handle) {
        Ok(result) => result,
        Err(e) if e.is_cancelled() => Err(Error::with_code(ErrorCode::Interrupted, "interrupted")),
        Err(e) => Err(Error::with_code(ErrorCode::Internal, format!("the request task failed: {e}"))),
    }
}

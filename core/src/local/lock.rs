//! The connection lock: re-entrant, and cheap when uncontended.
//!
//! Every SQLite call on a connection runs under this lock (see `connection.rs`), so its cost is
//! paid once per row. A parking mutex must unlock with an atomic read-modify-write to learn
//! whether someone sleeps on it; this one never parks, so unlocking is a plain release store —
//! about half the cost per lock/unlock pair. Waiters (another thread using the *same*
//! connection, the rare case) spin briefly, then yield, then poll with short sleeps.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use lock_api::{GuardNoSend, RawMutex};

pub(crate) struct PollingRawMutex {
    locked: AtomicBool,
}

// SAFETY: `try_lock` only succeeds for one thread at a time (compare-exchange with Acquire),
// and `unlock` is only called by the holder (a Release store), which is what RawMutex requires.
unsafe impl RawMutex for PollingRawMutex {
    #[allow(clippy::declare_interior_mutable_const)]
    const INIT: PollingRawMutex = PollingRawMutex { locked: AtomicBool::new(false) };
    type GuardMarker = GuardNoSend;

    #[inline]
    fn lock(&self) {
        if !self.try_lock() {
            self.lock_contended();
        }
    }

    #[inline]
    fn try_lock(&self) -> bool {
        self.locked.compare_exchange(false, true, Ordering::Acquire, Ordering::Relaxed).is_ok()
    }

    #[inline]
    unsafe fn unlock(&self) {
        self.locked.store(false, Ordering::Release);
    }
}

impl PollingRawMutex {
    #[cold]
    fn lock_contended(&self) {
        let mut attempt: u32 = 0;
        loop {
            if !self.locked.load(Ordering::Relaxed) && self.try_lock() {
                return;
            }
            attempt += 1;
            if attempt < 64 {
                std::hint::spin_loop();
            } else if attempt < 128 {
                std::thread::yield_now();
            } else {
                // Long holds are long queries; a waiter polling every millisecond at most costs
                // nothing measurable and cannot miss the unlock.
                std::thread::sleep(Duration::from_micros(u64::from((attempt - 127).min(20)) * 50));
            }
        }
    }
}

/// The connection lock type.
pub(crate) type ConnectionLock = lock_api::ReentrantMutex<PollingRawMutex, parking_lot::RawThreadId, ()>;
pub(crate) type Guard<'a> = lock_api::ReentrantMutexGuard<'a, PollingRawMutex, parking_lot::RawThreadId, ()>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn excludes_other_threads_and_reenters() {
        let lock = Arc::new((ConnectionLock::new(()), std::sync::atomic::AtomicUsize::new(0)));
        let threads: Vec<_> = (0..4)
            .map(|_| {
                let lock = lock.clone();
                std::thread::spawn(move || {
                    for _ in 0..20_000 {
                        let _outer = lock.0.lock();
                        let _inner = lock.0.lock();
                        // A non-atomic read-modify-write, safe only under mutual exclusion.
                        let n = lock.1.load(Ordering::Relaxed);
                        lock.1.store(n + 1, Ordering::Relaxed);
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        assert_eq!(lock.1.load(Ordering::Relaxed), 80_000);
    }
}

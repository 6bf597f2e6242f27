//! How many analytics (`salesMetrics`, `targetTree`, the scoring and incentive runs) compute
//! at once: a few per caller and, over all callers, as many as half the pool's connections,
//! so that analytics queue behind each other instead of draining the pool for everyone else
//! (200 aliases of `salesMetrics` once did: INTERNAL errors for every other caller). One
//! analysis runs up to six statements side by side, so this bounds the pool's queue, not
//! its use: a burst makes other requests wait briefly for a connection.
//!
//! Waiting holds no connection; a request that waits longer than `request_timeout_secs` is
//! cut off with 408 like any other, and its place in the queue is given up.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::auth::Actor;

/// Analytics one caller (an account, an API key, the server's own jobs) computes at once.
pub const PER_CALLER: usize = 2;

/// The analytics slots of a server.
pub struct Throttle {
    all: Arc<Semaphore>,
    per_caller: usize,
    callers: Mutex<HashMap<Actor, Arc<Semaphore>>>,
}

/// The right to compute one analysis, given back when dropped.
pub struct Permit<'t> {
    throttle: &'t Throttle,
    actor: Actor,
    caller: Option<OwnedSemaphorePermit>,
    all: Option<OwnedSemaphorePermit>,
}

impl Throttle {
    /// `all` analytics at once over all callers, `per_caller` for each.
    pub fn new(all: usize, per_caller: usize) -> Self {
        Self {
            all: Arc::new(Semaphore::new(all.max(1))),
            per_caller: per_caller.max(1),
            callers: Mutex::new(HashMap::new()),
        }
    }

    /// The slots of a server with a pool of `connections`: half of them, and
    /// [`PER_CALLER`] for each caller.
    pub fn for_pool(connections: u32) -> Self {
        Self::new(usize::try_from(connections / 2).unwrap_or(1), PER_CALLER)
    }

    /// Waits for a slot of `actor`'s, then for one of all (in that order, so that one caller's
    /// queue never holds a shared slot while it waits).
    pub async fn acquire(&self, actor: Actor) -> Permit<'_> {
        // Made first, so that a waiter given up (its request cut off) clears its entry too.
        let mut permit = Permit { throttle: self, actor, caller: None, all: None };
        let mine = {
            let mut callers = self.callers.lock().unwrap_or_else(|e| e.into_inner());
            Arc::clone(
                callers.entry(actor).or_insert_with(|| Arc::new(Semaphore::new(self.per_caller))),
            )
        };
        // Neither semaphore is ever closed.
        permit.caller = mine.acquire_owned().await.ok();
        permit.all = Arc::clone(&self.all).acquire_owned().await.ok();
        permit
    }

    /// Callers with analytics running or waiting (for tests and metrics).
    pub fn callers(&self) -> usize {
        self.callers.lock().unwrap_or_else(|e| e.into_inner()).len()
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        drop(self.all.take());
        drop(self.caller.take());
        // The caller's entry goes when nobody holds or awaits it: only the map's handle is
        // left (a waiter holds a handle too).
        let mut callers = self.throttle.callers.lock().unwrap_or_else(|e| e.into_inner());
        if callers.get(&self.actor).is_some_and(|s| Arc::strong_count(s) == 1) {
            callers.remove(&self.actor);
        }
    }
}

#[cfg(test)]
mod tests {
    use futures_util::FutureExt;

    use super::*;

    #[tokio::test]
    async fn a_caller_waits_for_its_own_slots_and_all_for_the_shared_ones() {
        let throttle = Throttle::new(3, 2);
        let (a, b, c) = (Actor::User(1), Actor::User(2), Actor::ApiKey(1));
        let a1 = throttle.acquire(a).await;
        let a2 = throttle.acquire(a).await;
        // A's third waits; B is not held up by A.
        let mut a3 = Box::pin(throttle.acquire(a));
        assert!((&mut a3).now_or_never().is_none());
        let b1 = throttle.acquire(b).now_or_never().expect("B has slots of its own");
        // Three in use: C waits for a shared slot.
        let mut c1 = Box::pin(throttle.acquire(c));
        assert!((&mut c1).now_or_never().is_none());
        drop(b1);
        let c1 = c1.now_or_never().expect("a shared slot came free");
        drop(a1);
        // A's slot came free, but every shared one is taken (a2, c1, and a3 once it has it).
        let a3 = a3.now_or_never().expect("A's own slot and a shared one");
        drop((a2, a3, c1));
        assert_eq!(throttle.callers(), 0, "no entry is left behind");
    }

    #[tokio::test]
    async fn a_waiter_given_up_leaves_nothing_behind() {
        let throttle = Throttle::new(1, 1);
        let held = throttle.acquire(Actor::User(1)).await;
        let mut waiting = Box::pin(throttle.acquire(Actor::User(2)));
        assert!((&mut waiting).now_or_never().is_none());
        assert_eq!(throttle.callers(), 2);
        drop(waiting);
        assert_eq!(throttle.callers(), 1, "the waiter's entry went with it");
        drop(held);
        assert_eq!(throttle.callers(), 0);
        let again = throttle.acquire(Actor::User(2)).now_or_never().expect("free again");
        drop(again);
        assert_eq!(throttle.callers(), 0);
    }
}

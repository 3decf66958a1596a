//! What the engine works out once from a loaded scenario (its indices and curves) and keeps
//! beside it, so that every night played from the same scenario shares it. The scenario knows
//! nothing of what is kept: the engine decides, and asks for it by type.

use std::any::Any;
use std::fmt;
use std::sync::{Arc, OnceLock};

/// Empty until the first night is played; empty again in a clone, so a scenario changed after
/// cloning is worked out afresh. Never read from or written to a file.
#[derive(Default)]
pub struct Prepared(OnceLock<Arc<dyn Any + Send + Sync>>);

impl Prepared {
    /// What `work_out` makes, made once and shared from then on.
    pub fn get_or_init<T: Any + Send + Sync>(&self, work_out: impl Fn() -> T) -> Arc<T> {
        let kept = self.0.get_or_init(|| Arc::new(work_out()));
        // Only one kind of thing is ever kept; should another be asked for, it is made anew.
        Arc::clone(kept)
            .downcast::<T>()
            .unwrap_or_else(|_| Arc::new(work_out()))
    }
}

impl Clone for Prepared {
    fn clone(&self) -> Prepared {
        Prepared::default()
    }
}

impl fmt::Debug for Prepared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = if self.0.get().is_some() {
            "ready"
        } else {
            "empty"
        };
        write!(f, "Prepared({state})")
    }
}

#[cfg(test)]
mod tests {
    use super::Prepared;
    use std::cell::Cell;

    #[test]
    fn worked_out_once_and_never_carried_into_a_clone() {
        let made = Cell::new(0);
        let p = Prepared::default();
        let work = || {
            made.set(made.get() + 1);
            made.get()
        };
        assert_eq!(*p.get_or_init(work), 1);
        assert_eq!(*p.get_or_init(work), 1, "kept, not made again");
        assert_eq!(made.get(), 1);
        let copy = p.clone();
        assert_eq!(format!("{copy:?}"), "Prepared(empty)");
        assert_eq!(*copy.get_or_init(work), 2, "a clone works it out afresh");
        assert_eq!(format!("{p:?}"), "Prepared(ready)");
    }
}

//! The access tests a change set breaks, shown the same way by every flow that saves one:
//! the preview's list (from a dry run, [`use_broken_tests`]), and the refusal of a save with
//! the account owner's explicit override ([`BrokenTestsRefusal`]).

mod list;
mod preview;
mod refusal;

pub use list::BrokenTestsList;
pub use preview::use_broken_tests;
pub use refusal::BrokenTestsRefusal;

/// "This change breaks 1 access test" / "… 3 access tests".
pub fn breaks_heading(count: usize) -> String {
    match count {
        1 => "This change breaks 1 access test".to_owned(),
        n => format!("This change breaks {n} access tests"),
    }
}

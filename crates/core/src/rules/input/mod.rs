//! Rules about the input itself (cut-off or unrecognised pastes).
pub mod incomplete_input;
pub mod unrecognized_input;

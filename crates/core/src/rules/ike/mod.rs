//! IKE (phase 1) and phase 2 establishment rules.
pub mod nat_traversal_missing;
pub mod phase1_not_established;
pub mod phase2_not_established;

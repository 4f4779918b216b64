//! Health probe (IP SLA) rules.
pub mod probe_target;
pub mod probe_timeout;

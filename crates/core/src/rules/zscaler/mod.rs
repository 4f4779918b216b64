//! Rules specific to tunnels towards Zscaler (ZIA): they apply when the user named the cloud
//! or the paste shows Zscaler (tunnel descriptions, identities, probe URLs).
pub mod child_sa_limit;
pub mod identity_mode;
pub mod ikev1_new_tenant;
pub mod phase2_encryption;

use crate::facts::Facts;

/// True when an object (described by `description`) is towards Zscaler.
pub(crate) fn towards_zscaler(facts: &Facts, description: Option<&str>) -> bool {
    facts.context.zscaler || description.is_some_and(|d| d.to_ascii_lowercase().contains("zscaler"))
}

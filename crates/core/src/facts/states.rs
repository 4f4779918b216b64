//! Vendor SA state words and what they mean, as one data table.
//!
//! Sources: Cisco IOS `show crypto isakmp sa` / `show crypto ikev2 sa` state documentation
//! (MM_*, AG_*, QM_IDLE; READY, IN-NEG, DELETE), Cisco ASA `show crypto ikev1 sa`
//! (MM_ACTIVE, AM_ACTIVE, MM_WAIT_MSGn), strongSwan (`ESTABLISHED`, `CONNECTING`...).

use super::{IkeVersion, SaPhase};

/// `(state word, IKE version it implies, phase)`; matched case-insensitively, exact word.
#[rustfmt::skip]
pub const IKE_STATES: &[(&str, Option<IkeVersion>, SaPhase)] = &[
    // Cisco IOS IKEv1
    ("QM_IDLE",        Some(IkeVersion::V1), SaPhase::Established),
    ("MM_NO_STATE",    Some(IkeVersion::V1), SaPhase::Negotiating),
    ("MM_SA_SETUP",    Some(IkeVersion::V1), SaPhase::Negotiating),
    ("MM_KEY_EXCH",    Some(IkeVersion::V1), SaPhase::Negotiating),
    ("MM_KEY_AUTH",    Some(IkeVersion::V1), SaPhase::Negotiating),
    ("AG_NO_STATE",    Some(IkeVersion::V1), SaPhase::Negotiating),
    ("AG_INIT_EXCH",   Some(IkeVersion::V1), SaPhase::Negotiating),
    ("AG_AUTH",        Some(IkeVersion::V1), SaPhase::Negotiating),
    // Cisco ASA IKEv1
    ("MM_ACTIVE",      Some(IkeVersion::V1), SaPhase::Established),
    ("AM_ACTIVE",      Some(IkeVersion::V1), SaPhase::Established),
    ("MM_WAIT_MSG2",   Some(IkeVersion::V1), SaPhase::Negotiating),
    ("MM_WAIT_MSG3",   Some(IkeVersion::V1), SaPhase::Negotiating),
    ("MM_WAIT_MSG4",   Some(IkeVersion::V1), SaPhase::Negotiating),
    ("MM_WAIT_MSG5",   Some(IkeVersion::V1), SaPhase::Negotiating),
    ("MM_WAIT_MSG6",   Some(IkeVersion::V1), SaPhase::Negotiating),
    ("AM_WAIT_MSG2",   Some(IkeVersion::V1), SaPhase::Negotiating),
    ("AM_WAIT_MSG3",   Some(IkeVersion::V1), SaPhase::Negotiating),
    ("MM_FREE",        Some(IkeVersion::V1), SaPhase::Deleting),
    // Cisco IKEv2 (IOS and ASA)
    ("READY",          Some(IkeVersion::V2), SaPhase::Established),
    ("IN-NEG",         Some(IkeVersion::V2), SaPhase::Negotiating),
    ("DELETE",         Some(IkeVersion::V2), SaPhase::Deleting),
    // Generic / session tables / strongSwan / Palo Alto
    ("ACTIVE",         None,                 SaPhase::Established),
    ("UP-ACTIVE",      None,                 SaPhase::Established),
    ("UP-IDLE",        None,                 SaPhase::Established),
    ("UP",             None,                 SaPhase::Established),
    ("ESTABLISHED",    None,                 SaPhase::Established),
    ("INSTALLED",      None,                 SaPhase::Established),
    ("MATURE",         None,                 SaPhase::Established),
    ("REKEYING",       None,                 SaPhase::Established),
    ("CONNECTING",     None,                 SaPhase::Negotiating),
    ("NEGOTIATING",    None,                 SaPhase::Negotiating),
    ("DOWN-NEGOTIATING", None,               SaPhase::Negotiating),
    ("UP-NO-IKE",      None,                 SaPhase::Failed),
    ("DELETING",       None,                 SaPhase::Deleting),
    ("DOWN",           None,                 SaPhase::Failed),
    ("INACTIVE",       None,                 SaPhase::Failed),
    ("FAILED",         None,                 SaPhase::Failed),
];

/// Classifies an IKE SA state word.
pub fn classify_ike_state(word: &str) -> (Option<IkeVersion>, SaPhase) {
    let w = word.trim().trim_end_matches(',');
    for (name, version, phase) in IKE_STATES {
        if name.eq_ignore_ascii_case(w) {
            return (*version, *phase);
        }
    }
    let upper = w.to_ascii_uppercase();
    // Unlisted IKEv1 intermediate states keep their MM_/AG_/AM_ prefix.
    if ["MM_", "AG_", "AM_"].iter().any(|p| upper.starts_with(p)) {
        return (Some(IkeVersion::V1), SaPhase::Negotiating);
    }
    (None, SaPhase::Unknown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_known_and_unknown_words() {
        assert_eq!(classify_ike_state("QM_IDLE").1, SaPhase::Established);
        assert_eq!(
            classify_ike_state("mm_no_state"),
            (Some(IkeVersion::V1), SaPhase::Negotiating)
        );
        assert_eq!(classify_ike_state("AG_INIT_EXCH").1, SaPhase::Negotiating);
        assert_eq!(
            classify_ike_state("READY"),
            (Some(IkeVersion::V2), SaPhase::Established)
        );
        assert_eq!(classify_ike_state("IN-NEG").1, SaPhase::Negotiating);
        assert_eq!(classify_ike_state("DELETE").1, SaPhase::Deleting);
        assert_eq!(
            classify_ike_state("MM_SOMETHING_NEW").1,
            SaPhase::Negotiating
        );
        assert_eq!(classify_ike_state("WIBBLE").1, SaPhase::Unknown);
    }
}

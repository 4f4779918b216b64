//! The IKE failure vocabulary shared by vendor parsers: notify names (RFC 7296, RFC 2408),
//! vendor abbreviations (strongSwan `N(NO_PROP)`), Windows IKEEXT error names and the free-text
//! phrases that Clavister, Palo Alto, strongSwan, Azure and Zscaler print, all mapped to one
//! [`IkeProblem`] so rules can ask "was this a proposal mismatch?" whatever the source.
//!
//! Order matters: [`IkeProblem::find_in`] returns the first match in table order, so more
//! specific phrases (a pre-shared key mismatch) come before general ones (authentication failed).

use super::fields::classify_enum;

classify_enum! {
    /// A classified IKE/IPsec negotiation problem.
    pub enum IkeProblem {
        /// Pre-shared keys differ between the peers.
        PresharedKeyMismatch = [
            "Incorrect pre-shared key", "pre-shared key mismatch", "preshared key mismatch",
            "PSKEY_MISMATCH", "Check shared key", "shared key mismatch",
        ],
        /// No pre-shared key configured for the peer.
        PresharedKeyMissing = [
            "PSKEY_NOTFOUND", "Preshared Key NOTFOUND", "no shared key found",
        ],
        /// Phase 1 or phase 2 proposals did not match.
        NoProposalChosen = [
            "NO_PROPOSAL_CHOSEN", "N(NO_PROP)", "no proposal chosen",
            "Could not find acceptable proposal", "no suitable proposal",
            "INVALID_PROPOSAL", "INVALID PROPOSAL", "Policy Mismatch", "proposal mismatch",
            "ERROR_IPSEC_IKE_POLICY_MATCH", "Policy match error", "rejected Quick Mode settings",
            "rejected Main Mode settings", "no acceptable proposal",
        ],
        /// Traffic selectors (proxy IDs, encryption domains) did not match.
        TsUnacceptable = [
            "TS_UNACCEPTABLE", "TS_UNACCEPT", "traffic selectors unacceptable",
            "no matching CHILD_SA config", "proxy id mismatch", "proxy-id mismatch",
        ],
        /// The peer identity did not match the configuration.
        IdMismatch = [
            "ID mismatch", "no matching peer config", "peer ID mismatch",
        ],
        /// Authentication failed (credentials, certificate or key).
        AuthenticationFailed = [
            "AUTHENTICATION_FAILED", "N(AUTH_FAILED)", "authentication failed",
            "ERROR_IPSEC_IKE_AUTH_FAIL", "authentication credentials are unacceptable",
        ],
        /// Diffie-Hellman group mismatch.
        InvalidKePayload = [
            "INVALID_KE_PAYLOAD", "N(INVAL_KE)", "ERROR_IPSEC_IKE_INVALID_GROUP",
            "Invalid Diffie-Hellman group",
        ],
        /// A message for an IKE SA the receiver does not know.
        InvalidCookie = [
            "INVALID_COOKIE", "Ike_invalid_cookie", "ERROR_IPSEC_IKE_INVALID_COOKIE",
            "INVALID_IKE_SPI", "N(INVAL_IKE_SPI)",
        ],
        /// An SPI the receiver does not know.
        InvalidSpi = ["INVALID_SPI", "N(INVAL_SPI)", "CHILD_SA_NOT_FOUND"],
        /// An unexpected or invalid payload.
        InvalidPayload = [
            "INVALID_PAYLOAD_TYPE", "Ike_invalid_payload", "ERROR_IPSEC_IKE_INVALID_PAYLOAD",
            "sent invalid payload",
        ],
        /// A malformed payload (often a pre-shared key of the wrong type).
        PayloadMalformed = ["PAYLOAD_MALFORMED", "Payload_Malformed"],
        /// Syntax error in a message.
        InvalidSyntax = ["INVALID_SYNTAX", "N(INVAL_SYN)"],
        /// The peer's certificate has no usable public key.
        NoPublicKey = ["No public key found", "ERROR_IPSEC_IKE_NO_PUBLIC_KEY"],
        /// A certificate problem (missing, expired, untrusted, revocation check).
        CertificateProblem = [
            "INVALID_CERTIFICATE", "CERTIFICATE_UNAVAILABLE", "ERROR_IPSEC_IKE_NO_CERT",
            "ERROR_IPSEC_IKE_CRL_FAILED", "certificate expired", "certificate is not yet valid",
            "no trusted RSA public key", "no trusted public key",
        ],
        /// Dead peer detection declared the peer dead.
        DpdTimeout = [
            "DPD_TIMEOUT", "DPD TIMEOUT", "not responding, tearing down", "dead peer",
        ],
        /// No answer from the peer (retransmits exhausted, negotiation timed out).
        Timeout = [
            "giving up after", "due to time up", "timed out", "ERROR_IPSEC_IKE_TIMED_OUT",
            "ERROR_IPSEC_IKE_DROP_NO_RESPONSE", "No response from peer", "is not responding",
            "TIMEOUT",
        ],
        /// No IKE configuration matches the peer.
        NoConfig = [
            "no IKE config found", "ERROR_IPSEC_IKE_NO_POLICY", "no matching policy",
            "ERROR_IPSEC_IKE_NO_MM_POLICY",
        ],
        /// The peer requires a configuration payload (mode config) that was not sent.
        FailedCpRequired = ["FAILED_CP_REQUIRED"],
        /// The responder could not assign an inner address.
        InternalAddressFailure = ["INTERNAL_ADDRESS_FAILURE"],
        /// The peer accepts only one CHILD SA traffic-selector pair.
        SinglePairRequired = ["SINGLE_PAIR_REQUIRED"],
        /// The peer refuses more CHILD SAs.
        NoAdditionalSas = ["NO_ADDITIONAL_SAS"],
        /// A temporary failure (simultaneous rekey).
        TemporaryFailure = ["TEMPORARY_FAILURE"],
        /// IKE version not supported by the peer.
        InvalidMajorVersion = ["INVALID_MAJOR_VERSION", "ERROR_IPSEC_IKE_INVALID_MAJOR_VERSION"],
    }
}

/// Notify types that are status information, not errors (RFC 7296 section 3.10.1 types
/// 16384 and above, plus the common vendor ones). Used to tell error notifies from the rest.
pub const STATUS_NOTIFIES: &[&str] = &[
    "INITIAL_CONTACT",
    "INIT_CONTACT",
    "SET_WINDOW_SIZE",
    "ADDITIONAL_TS_POSSIBLE",
    "IPCOMP_SUPPORTED",
    "NAT_DETECTION_SOURCE_IP",
    "NAT_DETECTION_DESTINATION_IP",
    "NATD_S_IP",
    "NATD_D_IP",
    "COOKIE",
    "USE_TRANSPORT_MODE",
    "HTTP_CERT_LOOKUP_SUPPORTED",
    "REKEY_SA",
    "ESP_TFC_PADDING_NOT_SUPPORTED",
    "ESP_TFC_PAD_N",
    "NON_FIRST_FRAGMENTS_ALSO",
    "NON_FIRST_FRAG",
    "MOBIKE_SUPPORTED",
    "MULTIPLE_AUTH_SUPPORTED",
    "MULT_AUTH",
    "ANOTHER_AUTH_FOLLOWS",
    "REDIRECT_SUPPORTED",
    "REDIR_SUP",
    "IKEV2_FRAGMENTATION_SUPPORTED",
    "FRAG_SUP",
    "SIGNATURE_HASH_ALGORITHMS",
    "HASH_ALG",
    "AUTH_LIFETIME",
    "AUTH_LFT",
    "EAP_ONLY_AUTHENTICATION",
    "CHILDLESS_IKEV2_SUPPORTED",
    "UPDATE_SA_ADDRESSES",
    "COOKIE2",
    "NO_NATS_ALLOWED",
    "PPK_IDENTITY",
    "USE_PPK",
];

/// True when `name` is a status notify rather than an error notify.
pub fn is_status_notify(name: &str) -> bool {
    STATUS_NOTIFIES.iter().any(|s| s.eq_ignore_ascii_case(name))
}

/// Notify names inside `N(...)` groups of an IKE payload list (`[ SA KE N(NATD_S_IP) ]`).
pub fn notifies_in(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(pos) = rest.find("N(") {
        let Some(after) = rest.get(pos + 2..) else {
            break;
        };
        let Some(close) = after.find(')') else {
            break;
        };
        if let Some(name) = after.get(..close) {
            let name = name.trim();
            if !name.is_empty() {
                out.push(name.to_owned());
            }
        }
        rest = after.get(close + 1..).unwrap_or("");
    }
    out
}

/// The problem an error notify stands for (`NO_PROP` → [`IkeProblem::NoProposalChosen`]).
pub fn notify_problem(name: &str) -> Option<IkeProblem> {
    if is_status_notify(name) {
        return None;
    }
    let n = name.trim();
    IkeProblem::find_in(&format!("N({n})")).or_else(|| IkeProblem::find_in(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_phrases_specific_first() {
        assert_eq!(
            IkeProblem::find_in("Authentication failed due to pre-shared key mismatch."),
            Some(IkeProblem::PresharedKeyMismatch)
        );
        assert_eq!(
            IkeProblem::find_in("received NO_PROPOSAL_CHOSEN notify error"),
            Some(IkeProblem::NoProposalChosen)
        );
        assert_eq!(
            IkeProblem::find_in("DPD_TIMEOUT"),
            Some(IkeProblem::DpdTimeout)
        );
        assert_eq!(IkeProblem::find_in("TIMEOUT"), Some(IkeProblem::Timeout));
        assert_eq!(IkeProblem::find_in("all good"), None);
    }

    #[test]
    fn notify_lists() {
        assert_eq!(
            notifies_in("[ SA KE No N(NATD_S_IP) N(NO_PROP) ]"),
            vec!["NATD_S_IP".to_owned(), "NO_PROP".to_owned()]
        );
        assert_eq!(notify_problem("NATD_S_IP"), None);
        assert_eq!(
            notify_problem("NO_PROP"),
            Some(IkeProblem::NoProposalChosen)
        );
        assert_eq!(
            notify_problem("AUTH_FAILED"),
            Some(IkeProblem::AuthenticationFailed)
        );
        assert_eq!(
            notify_problem("TS_UNACCEPT"),
            Some(IkeProblem::TsUnacceptable)
        );
        assert_eq!(notifies_in("N(unterminated"), Vec::<String>::new());
    }
}

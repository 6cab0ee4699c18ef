//! [`decode`]: a token's three segments, as text and JSON, without checking the signature.

use crate::prelude::*;
use crate::base64url::{self, Spelling};
use crate::error::{ErrorCode, TokenError};
use crate::json::{self, Object};

/// Tokens longer than this many bytes are refused with `too_large` before any work.
/// Real user tokens are a few hundred bytes; 64 KiB is far above any of them.
pub const MAX_TOKEN_BYTES: usize = 64 * 1024;

/// The signature Stream puts on development tokens.
pub const DEV_TOKEN_SIGNATURE: &str = "devtoken";

/// A decoded token. Borrowed segments point into the token given to [`decode`].
#[derive(Debug, Clone)]
pub struct Decoded<'a> {
    /// The header as JSON text (UTF-8).
    pub header_json: String,
    /// The payload as JSON text (UTF-8).
    pub payload_json: String,
    /// The header object, keys in token order.
    pub header: Object,
    /// The payload object, keys in token order.
    pub payload: Object,
    /// `header.payload`, the bytes the signature covers.
    pub signing_input: &'a str,
    /// The third segment as written.
    pub signature: &'a str,
    /// How the header was spelled.
    pub header_spelling: Spelling,
    /// How the payload was spelled.
    pub payload_spelling: Spelling,
}

impl Decoded<'_> {
    /// True for Stream's development tokens, whose signature is the literal `devtoken`.
    ///
    /// ```
    /// let t = tokenkit::dev_token("john").unwrap();
    /// assert!(tokenkit::decode(&t).unwrap().is_dev_token());
    /// ```
    pub fn is_dev_token(&self) -> bool {
        self.signature == DEV_TOKEN_SIGNATURE
    }

    /// The header's `alg`, which [`decode`] guarantees is a string.
    ///
    /// ```
    /// let t = tokenkit::dev_token("john").unwrap();
    /// assert_eq!(tokenkit::decode(&t).unwrap().alg(), "HS256");
    /// ```
    pub fn alg(&self) -> &str {
        self.header.get("alg").and_then(|v| v.as_str()).unwrap_or_default()
    }

    /// What JavaScript's `decodeToken` returns, as JSON text: `header` and `payload`
    /// exactly as the token has them, `signature`, and `devToken`.
    ///
    /// ```
    /// let d = tokenkit::decode("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyX2lkIjoiam9obiJ9.devtoken").unwrap();
    /// assert_eq!(d.to_json(), r#"{"header":{"alg":"HS256","typ":"JWT"},"payload":{"user_id":"john"},"signature":"devtoken","devToken":true}"#);
    /// ```
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(self.header_json.len() + self.payload_json.len() + self.signature.len() + 64);
        out.push('{');
        self.write_json_members(&mut out);
        out.push('}');
        out
    }

    /// The members of [`Decoded::to_json`] without the braces, for [`crate::Inspection::to_json`].
    pub(crate) fn write_json_members(&self, out: &mut String) {
        out.push_str("\"header\":");
        out.push_str(self.header_json.trim_ascii());
        out.push_str(",\"payload\":");
        out.push_str(self.payload_json.trim_ascii());
        out.push_str(",\"signature\":");
        json::write_string(self.signature, out);
        out.push_str(if self.is_dev_token() { ",\"devToken\":true" } else { ",\"devToken\":false" });
    }
}

/// `too_large` for a token of `len` bytes: one read, or one about to be made.
pub(crate) fn too_large(len: usize) -> TokenError {
    TokenError::new(
        ErrorCode::TooLarge,
        text!("The token is ", json::number_text(len as f64), " bytes; tokenkit refuses tokens over 65536 bytes (64 KiB), as servers refuse such headers. Real user tokens are a few hundred bytes: put large data elsewhere."),
    )
}

/// Splits and decodes a JWT in compact form: header and payload must be base64url
/// JSON objects, the header must name its `alg`. Surrounding whitespace is ignored
/// (tokens are often pasted with a trailing newline). The signature is not checked:
/// use [`crate::verify`] for that.
///
/// ```
/// let d = tokenkit::decode("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyX2lkIjoiam9obiJ9.devtoken").unwrap();
/// assert_eq!(d.payload["user_id"], "john");
/// assert!(d.is_dev_token());
/// ```
pub fn decode(token: &str) -> Result<Decoded<'_>, TokenError> {
    read(token, true)
}

/// What JavaScript's `decodeToken` returns ([`Decoded::to_json`]), with every check of
/// [`decode`] and the same errors, but the payload only checked, not built into a tree:
/// the caller parses the text it gets (`JSON.parse`), so the tree would be thrown away.
///
/// ```
/// let t = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyX2lkIjoiam9obiJ9.devtoken";
/// assert_eq!(tokenkit::decode_to_json(t).unwrap(), tokenkit::decode(t).unwrap().to_json());
/// ```
pub fn decode_to_json(token: &str) -> Result<String, TokenError> {
    read(token, false).map(|d| d.to_json())
}

/// A token's three segments: `header.payload` (the bytes the signature covers), its two
/// parts, and the signature, after the size check and with surrounding whitespace ignored.
pub(crate) struct Segments<'a> {
    pub(crate) signing_input: &'a str,
    pub(crate) header: &'a str,
    pub(crate) payload: &'a str,
    pub(crate) signature: &'a str,
}

/// Splits `token` at its two dots: `too_large` over [`MAX_TOKEN_BYTES`], `malformed` without
/// exactly three segments or with an empty header or payload.
pub(crate) fn split(token: &str) -> Result<Segments<'_>, TokenError> {
    if token.len() > MAX_TOKEN_BYTES {
        return Err(too_large(token.len()));
    }
    let token = token.trim_ascii();
    // Byte positions of the first two dots, and how many there are (a '.' byte is never
    // inside a multi-byte UTF-8 character). A plain loop: iterator adapters are a call
    // per byte at opt-level "z".
    let bytes = token.as_bytes();
    let (mut first, mut second, mut dots) = (0, 0, 0);
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'.' {
            dots += 1;
            if dots == 1 {
                first = i;
            } else if dots == 2 {
                second = i;
            }
        }
        i += 1;
    }
    let parts = if dots == 2 { token.get(..first).zip(token.get(first + 1..second)).zip(token.get(second + 1..)) } else { None };
    let Some(((header, payload), signature)) = parts else {
        let hint = if token.is_empty() { "it is empty".to_string() } else { text!("it has ", json::number_text((dots + 1) as f64), " segment(s)") };
        return Err(TokenError::new(
            ErrorCode::Malformed,
            text!("A JWT has three segments separated by dots (header.payload.signature); ", hint, ". Paste the whole token."),
        ));
    };
    if header.is_empty() || payload.is_empty() {
        let which = if header.is_empty() { "header" } else { "payload" };
        return Err(TokenError::new(ErrorCode::Malformed, text!("The token's ", which, " segment is empty. Paste the whole token.")));
    }
    let signing_input = token.get(..header.len() + 1 + payload.len()).unwrap_or_default();
    Ok(Segments { signing_input, header, payload, signature })
}

/// `invalid_header` for a header whose `alg` is missing (`found` false) or not a string.
pub(crate) fn alg_error(found: bool) -> TokenError {
    let problem = if found { "The header's \"alg\" is not a string." } else { "The header has no \"alg\"." };
    TokenError::new(ErrorCode::InvalidHeader, text!(problem, " A JWT header names its algorithm, e.g. {\"alg\":\"HS256\",\"typ\":\"JWT\"}."))
}

/// [`decode`], with the payload's tree built only when `keep_payload`.
fn read(token: &str, keep_payload: bool) -> Result<Decoded<'_>, TokenError> {
    let Segments { signing_input, header: h, payload: p, signature } = split(token)?;
    let (header_bytes, header_spelling) = base64url::decode(h, "header")?;
    let (payload_bytes, payload_spelling) = base64url::decode(p, "payload")?;
    // UTF-8 checked once, here, for the parser and for the text kept.
    let header_json = json::utf8(header_bytes, "header")?;
    let header = json::read_text(&header_json, "header", ErrorCode::InvalidHeader, true)?;
    match header.get("alg") {
        Some(v) if v.as_str().is_some() => {}
        found => return Err(alg_error(found.is_some())),
    }
    let payload_json = json::utf8(payload_bytes, "payload")?;
    let payload = json::read_text(&payload_json, "payload", ErrorCode::InvalidClaims, keep_payload)?;
    Ok(Decoded { header_json, payload_json, header, payload, signing_input, signature, header_spelling, payload_spelling })
}

#[cfg(test)]
mod tests {
    use super::*;

    const JOHN: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyX2lkIjoiam9obiJ9.yrpLD2gUq_TIyxMKpDBHQO391KGCNrFl-RvMT-p90MU";

    #[test]
    fn decodes_the_stream_vector() {
        let d = decode(JOHN).unwrap();
        assert_eq!(d.header_json, r#"{"alg":"HS256","typ":"JWT"}"#);
        assert_eq!(d.payload_json, r#"{"user_id":"john"}"#);
        assert_eq!(d.signature, "yrpLD2gUq_TIyxMKpDBHQO391KGCNrFl-RvMT-p90MU");
        assert_eq!(d.signing_input, "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyX2lkIjoiam9obiJ9");
        assert!(!d.is_dev_token());
        assert_eq!(d.alg(), "HS256");
        assert_eq!(decode(&format!("  {JOHN}\n")).unwrap().signature, d.signature);
    }

    #[test]
    fn limit_in_messages_is_the_constant() {
        assert_eq!(MAX_TOKEN_BYTES, 65536);
        assert!(too_large(70000).message().starts_with("The token is 70000 bytes; tokenkit refuses tokens over 65536 bytes"));
        assert!(decode("a.b.c.d").unwrap_err().message().contains("it has 4 segment(s)"));
    }

    #[test]
    fn structural_errors() {
        let e30 = "eyJhbGciOiJIUzI1NiJ9";
        let cases: &[(&str, ErrorCode)] = &[
            ("", ErrorCode::Malformed),
            ("abc", ErrorCode::Malformed),
            ("a.b", ErrorCode::Malformed),
            ("a.b.c.d", ErrorCode::Malformed),
            (".eyJ9.x", ErrorCode::Malformed),
            ("eyJhbGciOiJIUzI1NiJ9..x", ErrorCode::Malformed),
            ("e!.e.x", ErrorCode::InvalidBase64),
            ("W10.e30.x", ErrorCode::InvalidHeader),
            ("e30.e30.x", ErrorCode::InvalidHeader),
            ("eyJhbGciOjF9.e30.x", ErrorCode::InvalidHeader),
            ("bnVsbA.e30.x", ErrorCode::InvalidHeader),
        ];
        for (t, code) in cases {
            assert_eq!(decode(t).unwrap_err().code(), *code, "{t}");
        }
        assert_eq!(decode(&format!("{e30}.W10.x")).unwrap_err().code(), ErrorCode::InvalidClaims);
        assert_eq!(decode(&format!("{e30}.{}.x", base64url::encode(b"\xff"))).unwrap_err().code(), ErrorCode::InvalidJson);
        assert_eq!(decode(&"a".repeat(MAX_TOKEN_BYTES + 1)).unwrap_err().code(), ErrorCode::TooLarge);
    }

    #[test]
    fn empty_signature_is_allowed_for_decoding() {
        let d = decode("eyJhbGciOiJub25lIn0.e30.").unwrap();
        assert_eq!(d.alg(), "none");
        assert_eq!(d.signature, "");
    }
}

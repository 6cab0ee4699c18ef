//! [`inspect`]: what a token says, whether it is usable now, and what looks wrong with it.
//! The signature is not checked here; [`crate::verify`] checks it and then inspects.

use crate::prelude::*;
use crate::algorithm::Algorithm;
use crate::claims::{self, Claim};
use crate::decode::{decode, Decoded};
use crate::error::{ErrorCode, TokenError};
use crate::revocation::Revocation;
use crate::time::describe_duration;

/// When and how to judge a token.
///
/// ```
/// let o = tokenkit::InspectOptions { now: 1700000000.0, ..Default::default() };
/// assert_eq!(o.clock_tolerance, 0.0);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct InspectOptions {
    /// The current time in unix seconds (the JavaScript layer fills in the real clock).
    pub now: f64,
    /// Seconds of clock difference to forgive on `exp`, `nbf` and `iat`.
    pub clock_tolerance: f64,
    /// Revocation dates that apply.
    pub revocation: Revocation,
}

/// Whether a token can be used at `now`. When several apply, revoked wins over
/// expired, which wins over not yet valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Usable now.
    Valid,
    /// `now >= exp + tolerance`.
    Expired,
    /// `nbf` or `iat` is later than `now + tolerance`.
    NotYetValid,
    /// Issued before a revocation date, or has no `iat` while one applies.
    Revoked,
}

impl Status {
    /// `"valid"`, `"expired"`, `"not_yet_valid"` or `"revoked"`.
    ///
    /// ```
    /// assert_eq!(tokenkit::Status::NotYetValid.as_str(), "not_yet_valid");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            Status::Valid => "valid",
            Status::Expired => "expired",
            Status::NotYetValid => "not_yet_valid",
            Status::Revoked => "revoked",
        }
    }
}

/// Something worth knowing about a token that does not stop it being read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Stable identifier, e.g. `"no_exp"`.
    pub code: &'static str,
    /// What it means and what to do.
    pub message: String,
}

/// Everything [`inspect`] found out about a token.
#[derive(Debug, Clone)]
pub struct Inspection<'a> {
    /// The decoded segments.
    pub decoded: Decoded<'a>,
    /// The `user_id` claim.
    pub user_id: Option<String>,
    /// `iat`, unix seconds.
    pub issued_at: Option<f64>,
    /// `exp`, unix seconds.
    pub expires_at: Option<f64>,
    /// `nbf`, unix seconds.
    pub not_before: Option<f64>,
    /// Seconds from `now` until `exp` (negative once past).
    pub expires_in: Option<f64>,
    /// Usable now or not, and why.
    pub status: Status,
    /// What looks wrong, in a stable order.
    pub warnings: Vec<Warning>,
}

impl Inspection<'_> {
    /// Every claim of the payload, in token order, explained (see [`claims::explain`]).
    ///
    /// ```
    /// let t = tokenkit::dev_token("john").unwrap();
    /// let i = tokenkit::inspect(&t, &Default::default()).unwrap();
    /// assert_eq!(i.claims()[0].display, "john");
    /// ```
    pub fn claims(&self) -> Vec<Claim<'_>> {
        claims::explain(&self.decoded.payload)
    }

    /// What JavaScript's `inspectToken` and `verifyToken` return, as JSON text
    /// (camelCase keys; `null` for absent times; claims' values as the token has them).
    ///
    /// ```
    /// let t = tokenkit::dev_token("john").unwrap();
    /// let json = tokenkit::inspect(&t, &Default::default()).unwrap().to_json();
    /// assert!(json.starts_with(r#"{"userId":"john","issuedAt":null,"expiresAt":null,"notBefore":null,"expiresIn":null,"status":"valid","header":"#));
    /// ```
    pub fn to_json(&self) -> String {
        use crate::json::{write_number, write_string};
        let mut out = String::with_capacity(512 + 2 * self.decoded.payload_json.len());
        out.push_str("{\"userId\":");
        match &self.user_id {
            Some(id) => write_string(id, &mut out),
            None => out.push_str("null"),
        }
        for (key, value) in [("issuedAt", self.issued_at), ("expiresAt", self.expires_at), ("notBefore", self.not_before), ("expiresIn", self.expires_in)] {
            out.push_str(",\"");
            out.push_str(key);
            out.push_str("\":");
            if !value.is_some_and(|v| write_number(v, &mut out)) {
                out.push_str("null");
            }
        }
        out.push_str(",\"status\":\"");
        out.push_str(self.status.as_str());
        out.push_str("\",");
        self.decoded.write_json_members(&mut out);
        out.push_str(",\"warnings\":[");
        for (i, w) in self.warnings.iter().enumerate() {
            out.push_str(if i == 0 { "{\"code\":\"" } else { ",{\"code\":\"" });
            out.push_str(w.code);
            out.push_str("\",\"message\":");
            write_string(&w.message, &mut out);
            out.push('}');
        }
        out.push_str("],\"claims\":[");
        for (i, c) in self.claims().iter().enumerate() {
            out.push_str(if i == 0 { "{\"name\":" } else { ",{\"name\":" });
            write_string(c.name, &mut out);
            out.push_str(",\"value\":");
            crate::json::write_value(c.value, &mut out);
            out.push_str(",\"description\":");
            write_string(c.description, &mut out);
            out.push_str(",\"display\":");
            write_string(&c.display, &mut out);
            out.push('}');
        }
        out.push_str("]}");
        out
    }
}

fn check_options(o: &InspectOptions) -> Result<(), TokenError> {
    let bad = |what: &str| Err(TokenError::new(ErrorCode::InvalidOptions, what.to_string()));
    if !o.now.is_finite() {
        return bad("now must be a finite number of unix seconds, e.g. Date.now() / 1000.");
    }
    if !o.clock_tolerance.is_finite() || o.clock_tolerance < 0.0 {
        return bad("clockTolerance must be a number of seconds, 0 or more.");
    }
    for (name, date) in [("userRevokedBefore", o.revocation.user_revoked_before), ("appRevokedBefore", o.revocation.app_revoked_before)] {
        if date.is_some_and(|d| !d.is_finite()) {
            return Err(TokenError::new(ErrorCode::InvalidOptions, text!(name, " must be unix seconds, a Date or an ISO date string, or null.")));
        }
        crate::claims::not_milliseconds(name, date.unwrap_or(0.0))?;
    }
    crate::claims::not_milliseconds("now", o.now)
}

/// Decodes `token` and judges it at `options.now`. Errors are those of
/// [`decode`], `invalid_claims` for mistyped registered claims, and
/// `invalid_options`.
///
/// ```
/// use tokenkit::{inspect, InspectOptions, Status};
/// let t = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyX2lkIjoiam9obiIsImV4cCI6MTcwMDAwMDAwMH0.Tb6bsusboyKgZgVa65jmRdMZtK79eXzrAWeh4NpG9Sw";
/// let i = inspect(t, &InspectOptions { now: 1700000000.0, ..Default::default() }).unwrap();
/// assert_eq!(i.status, Status::Expired);
/// assert_eq!(i.expires_in, Some(0.0));
/// assert!(i.warnings.iter().any(|w| w.code == "no_iat"));
/// ```
pub fn inspect<'a>(token: &'a str, options: &InspectOptions) -> Result<Inspection<'a>, TokenError> {
    check_options(options)?;
    inspect_decoded(decode(token)?, options)
}

/// [`inspect`] for a token already decoded (what [`crate::verify`] uses).
///
/// ```
/// let token = tokenkit::dev_token("john").unwrap();
/// let i = tokenkit::inspect_decoded(tokenkit::decode(&token).unwrap(), &Default::default()).unwrap();
/// assert_eq!(i.warnings[0].code, "dev_token");
/// ```
pub fn inspect_decoded<'a>(decoded: Decoded<'a>, options: &InspectOptions) -> Result<Inspection<'a>, TokenError> {
    check_options(options)?;
    crate::crit::check(&decoded.header)?;
    let registered = claims::registered(&decoded.payload)?;
    let InspectOptions { now, clock_tolerance: tol, revocation } = *options;
    let expired = registered.exp.is_some_and(|exp| now >= exp + tol);
    let early = registered.nbf.is_some_and(|nbf| nbf > now + tol) || registered.iat.is_some_and(|iat| iat > now + tol);
    let status = if revocation.revokes(registered.iat) {
        Status::Revoked
    } else if expired {
        Status::Expired
    } else if early {
        Status::NotYetValid
    } else {
        Status::Valid
    };
    let warnings = warnings(&decoded, &registered, options);
    Ok(Inspection {
        user_id: registered.user_id,
        issued_at: registered.iat,
        expires_at: registered.exp,
        not_before: registered.nbf,
        expires_in: registered.exp.map(|exp| exp - now),
        status,
        warnings,
        decoded,
    })
}

fn warnings(d: &Decoded<'_>, c: &claims::RegisteredClaims, o: &InspectOptions) -> Vec<Warning> {
    let mut out = Vec::new();
    let mut warn = |code: &'static str, message: String| out.push(Warning { code, message });
    if d.is_dev_token() {
        warn("dev_token", "This is a development token (signature \"devtoken\"): it proves nothing and works only while the app's auth checks are disabled. Use a signed token in production.".into());
    } else if Algorithm::from_name(d.alg()).is_none() {
        warn("unsupported_algorithm", text!("The token is signed with ", crate::json::quote(d.alg()), "; tokenkit verifies only HS256, HS384 and HS512, so verifyToken will refuse it."));
    }
    match d.header.get("typ").and_then(|t| t.as_str()) {
        Some(t) if !t.eq_ignore_ascii_case("JWT") => warn("typ_not_jwt", text!("The header's typ is ", crate::json::quote(t), ", not \"JWT\". Some servers refuse such tokens.")),
        None if d.header.contains_key("typ") => warn("typ_not_jwt", "The header's typ is not a string. Some servers refuse such tokens.".into()),
        _ => {}
    }
    let sig_non_canonical = d.signature.bytes().any(|b| matches!(b, b'+' | b'/' | b'='));
    if d.header_spelling.is_non_canonical() || d.payload_spelling.is_non_canonical() || sig_non_canonical {
        warn("non_canonical_base64", "The token uses '=' padding or the standard base64 alphabet ('+', '/') instead of unpadded base64url. Stream's JavaScript SDK writes dev tokens this way; some servers refuse them.".into());
    }
    if c.user_id.is_none() && !matches!(d.payload.get("server"), Some(crate::json::Value::Bool(true))) {
        warn("no_user_id", "The payload has no user_id, which Stream's APIs use to identify the user.".into());
    }
    if c.exp.is_none() {
        warn("no_exp", "The token has no exp claim, so it never expires: anyone who copies it can use it for ever. Give it an exp.".into());
    }
    if c.iat.is_none() {
        warn("no_iat", "The token has no iat claim, so revoking tokens by date cannot tell when it was issued: any revocation revokes it. Give it an iat.".into());
    }
    let mut millis = String::new();
    for (name, time) in [("exp", c.exp), ("iat", c.iat), ("nbf", c.nbf)] {
        if time.is_some_and(|t| t > claims::MILLISECONDS_AFTER) {
            millis.push_str(if millis.is_empty() { "" } else { ", " });
            millis.push_str(name);
        }
    }
    if !millis.is_empty() {
        millis.push_str(": after the year 3000, so milliseconds where JWT times are unix seconds. The issuer should divide by 1000 (Date.now() / 1000).");
        warn("milliseconds", millis);
    }
    if let Some(iat) = c.iat.filter(|&iat| iat > o.now + o.clock_tolerance) {
        warn(
            "iat_in_future",
            text!("The token's iat is ", describe_duration(iat - o.now), " in the future: the issuing server's clock or this machine's is off. Stream rejects such tokens."),
        );
    }
    if let (Some(exp), Some(iat)) = (c.exp, c.iat) {
        if exp <= iat {
            warn("exp_before_iat", "The token expires before (or when) it was issued, so it is never valid.".into());
        }
    }
    if let Some(message) = crate::invisible::warning(&d.payload) {
        warn("invisible_characters", message);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{create_token, CreateOptions};

    fn token(payload: &str) -> String {
        let mut t = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.".to_string();
        crate::base64url::encode_into(payload.as_bytes(), &mut t);
        t.push_str(".sig");
        t
    }

    fn at(now: f64) -> InspectOptions {
        InspectOptions { now, ..Default::default() }
    }

    fn codes(i: &Inspection<'_>) -> Vec<&'static str> {
        i.warnings.iter().map(|w| w.code).collect()
    }

    #[test]
    fn status_rules() {
        let t = token(r#"{"user_id":"u","iat":100,"exp":200,"nbf":150}"#);
        assert_eq!(inspect(&t, &at(99.0)).unwrap().status, Status::NotYetValid);
        assert_eq!(inspect(&t, &at(120.0)).unwrap().status, Status::NotYetValid);
        assert_eq!(inspect(&t, &at(150.0)).unwrap().status, Status::Valid);
        assert_eq!(inspect(&t, &at(199.0)).unwrap().status, Status::Valid);
        assert_eq!(inspect(&t, &at(200.0)).unwrap().status, Status::Expired);
        let tolerant = InspectOptions { now: 200.0, clock_tolerance: 5.0, ..Default::default() };
        assert_eq!(inspect(&t, &tolerant).unwrap().status, Status::Valid);
        let early = InspectOptions { now: 146.0, clock_tolerance: 5.0, ..Default::default() };
        assert_eq!(inspect(&t, &early).unwrap().status, Status::Valid);
        let revoked = InspectOptions { now: 500.0, revocation: crate::Revocation { user_revoked_before: Some(101.0), app_revoked_before: None }, ..Default::default() };
        assert_eq!(inspect(&t, &revoked).unwrap().status, Status::Revoked);
        let i = inspect(&t, &at(180.0)).unwrap();
        assert_eq!((i.issued_at, i.expires_at, i.not_before, i.expires_in), (Some(100.0), Some(200.0), Some(150.0), Some(20.0)));
        assert_eq!(i.user_id.as_deref(), Some("u"));
        assert_eq!(codes(&i), Vec::<&str>::new());
    }

    #[test]
    fn revoked_beats_expired_beats_not_yet_valid() {
        // exp before nbf: both expired and not yet valid at once
        let t = token(r#"{"user_id":"u","exp":100,"nbf":300}"#);
        assert_eq!(inspect(&t, &at(200.0)).unwrap().status, Status::Expired);
        let app = InspectOptions { now: 200.0, revocation: crate::Revocation { user_revoked_before: None, app_revoked_before: Some(1.0) }, ..Default::default() };
        assert_eq!(inspect(&t, &app).unwrap().status, Status::Revoked, "no iat: revoked by any date");
    }

    #[test]
    fn warnings_name_what_is_wrong() {
        let t = token(r#"{"iat":1000}"#).replace(".sig", ".a+b/");
        let t = t.replacen("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9", &crate::base64url::encode(br#"{"alg":"RS256","typ":"at+jwt"}"#), 1);
        let i = inspect(&t, &at(10.0)).unwrap();
        assert_eq!(codes(&i), ["unsupported_algorithm", "typ_not_jwt", "non_canonical_base64", "no_user_id", "no_exp", "iat_in_future"]);
        assert!(i.warnings[5].message.contains("16 min"), "{}", i.warnings[5].message);
        assert_eq!(i.status, Status::NotYetValid);
        let dev = crate::dev_token("john").unwrap();
        assert_eq!(codes(&inspect(&dev, &at(0.0)).unwrap()), ["dev_token", "no_exp", "no_iat"]);
        let server = token(r#"{"server":true,"iat":1,"exp":0}"#);
        assert_eq!(codes(&inspect(&server, &at(5.0)).unwrap()), ["exp_before_iat"]);
    }

    #[test]
    fn milliseconds_and_invisible_characters_are_warned_about_in_order() {
        let t = token("{\"user_id\":\"admin\u{202E}\",\"iat\":1700000000000,\"exp\":1700003600000,\"nbf\":1700000000}");
        let i = inspect(&t, &at(1_700_000_100.0)).unwrap();
        assert_eq!(codes(&i), ["milliseconds", "iat_in_future", "invisible_characters"]);
        assert_eq!(i.warnings[0].message, "exp, iat: after the year 3000, so milliseconds where JWT times are unix seconds. The issuer should divide by 1000 (Date.now() / 1000).");
        assert!(i.warnings[2].message.starts_with("user_id holds U+202E (bidirectional control)"), "{}", i.warnings[2].message);
        // The boundary: 3000-01-01T00:00:00Z is seconds, anything later milliseconds.
        let edge = token(r#"{"user_id":"u","iat":1,"exp":32503680000,"nbf":32503680000.5}"#);
        let i = inspect(&edge, &at(2.0)).unwrap();
        assert_eq!(codes(&i), ["milliseconds"]);
        assert!(i.warnings[0].message.starts_with("nbf: after"), "{}", i.warnings[0].message);
    }

    #[test]
    fn null_claims_and_crit_headers_are_refused_signed_or_not() {
        // The issue's token: correctly signed, exp null. jose, jsonwebtoken, PyJWT and
        // golang-jwt refuse it; it must not verify as a token that never expires.
        let signed = |header: &str, payload: &str| crate::create::sign(Algorithm::HS256, &crate::base64url::encode(header.as_bytes()), payload.as_bytes(), b"k");
        let hs256 = r#"{"alg":"HS256","typ":"JWT"}"#;
        for payload in [r#"{"user_id":"john","exp":null}"#, r#"{"user_id":"john","iat":null}"#, r#"{"user_id":"john","nbf":null}"#, r#"{"user_id":null}"#] {
            let t = signed(hs256, payload);
            assert!(crate::decode(&t).is_ok(), "decode still shows it");
            assert_eq!(inspect(&t, &at(0.0)).unwrap_err().code(), ErrorCode::InvalidClaims, "{payload}");
            assert_eq!(crate::verify(&t, b"k", &at(0.0)).unwrap_err().code(), ErrorCode::InvalidClaims, "{payload}");
        }
        for header in [r#"{"alg":"HS256","b64":false,"crit":["b64"]}"#, r#"{"alg":"HS256","crit":["exp"],"exp":1}"#, r#"{"alg":"HS256","crit":[]}"#, r#"{"alg":"HS256","crit":["alg"]}"#] {
            let t = signed(header, r#"{"user_id":"john"}"#);
            assert!(crate::decode(&t).is_ok(), "decode still shows it");
            let e = inspect(&t, &at(0.0)).unwrap_err();
            assert_eq!(e.code(), ErrorCode::InvalidHeader, "{header}");
            assert_eq!(crate::verify(&t, b"k", &at(0.0)).unwrap_err(), e, "{header}");
        }
        let e = crate::verify(&signed(r#"{"alg":"HS256","b64":false,"crit":["b64"]}"#, r#"{"user_id":"john"}"#), b"k", &at(0.0)).unwrap_err();
        assert!(e.message().contains("\"b64\""), "{e}");
        // A wrong signature is still the first thing verify says.
        let forged = signed(r#"{"alg":"HS256","b64":false,"crit":["b64"]}"#, r#"{"user_id":"john"}"#);
        assert_eq!(crate::verify(&forged, b"other", &at(0.0)).unwrap_err().code(), ErrorCode::SignatureInvalid);
    }

    #[test]
    fn options_are_checked() {
        let t = create_token(b"s", "u", &CreateOptions::default(), 0.0).unwrap();
        for o in [at(f64::NAN), InspectOptions { clock_tolerance: -1.0, ..at(0.0) }, InspectOptions { revocation: crate::Revocation { user_revoked_before: Some(f64::NAN), app_revoked_before: None }, ..at(0.0) }] {
            assert_eq!(inspect(&t, &o).unwrap_err().code(), ErrorCode::InvalidOptions);
        }
    }

    #[test]
    fn times_in_milliseconds_are_refused_not_read_as_the_far_future() {
        // `now: Date.now()` would make every token expired, a revocation date from
        // `getTime()` every token revoked: both are refused with the fix in the message.
        let t = create_token(b"s", "u", &CreateOptions::default(), 0.0).unwrap();
        let ms = 1_700_000_000_000.0;
        let revoked = |user, app| InspectOptions { revocation: crate::Revocation { user_revoked_before: user, app_revoked_before: app }, ..at(1_700_000_000.0) };
        for (o, name) in [(at(ms), "now"), (revoked(Some(ms), None), "userRevokedBefore"), (revoked(None, Some(ms)), "appRevokedBefore")] {
            let e = inspect(&t, &o).unwrap_err();
            assert_eq!(e.code(), ErrorCode::InvalidOptions);
            assert!(e.message().starts_with(name) && e.message().contains("divide by 1000"), "{e}");
        }
        // The last second of the year 2999 is still seconds.
        assert!(inspect(&t, &revoked(Some(crate::claims::MILLISECONDS_AFTER), None)).is_ok());
    }

    #[test]
    fn claims_in_token_order_with_unicode() {
        let t = token(r#"{"user_id":"山田","名前":"山田太郎","emoji":"😀","exp":1700000000}"#);
        let i = inspect(&t, &at(0.0)).unwrap();
        let claims = i.claims();
        let names: Vec<_> = claims.iter().map(|c| c.name).collect();
        assert_eq!(names, ["user_id", "名前", "emoji", "exp"]);
        assert_eq!(claims[1].display, "山田太郎");
        assert_eq!(claims[3].display, "1700000000 (2023-11-14T22:13:20Z)");
    }

    #[test]
    fn json_output_is_valid_and_complete() {
        let t = token(r#"{"user_id":"山田","exp":1.5,"n":[1e2,{"a":null}],"__proto__":{"x":1}}"#);
        let json = inspect(&t, &at(0.25)).unwrap().to_json();
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["userId"], "山田");
        assert_eq!(v["expiresIn"], 1.25);
        assert_eq!(v["issuedAt"], serde_json::Value::Null);
        assert_eq!(v["status"], "valid");
        assert_eq!(v["payload"]["n"][0], 100.0);
        assert_eq!(v["claims"][2]["value"], v["payload"]["n"]);
        assert_eq!(v["claims"][3]["name"], "__proto__");
        assert_eq!(v["warnings"][0]["code"], "no_iat");
        assert_eq!(v["signature"], "sig");
        assert_eq!(v["devToken"], false);
    }
}

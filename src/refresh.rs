//! Refresh scheduling for a token provider: which loaded tokens to accept, when to
//! refresh ahead of expiry, how long to back off after a failed load, what time the
//! server thinks it is, and which responses mean "the token expired".
//!
//! Pure decisions with no timers or I/O, so `cargo test` drives them with a fake clock;
//! the JavaScript layer arms its timers from them. Times are unix seconds, delays
//! milliseconds (what `setTimeout` takes).

use crate::claims;
use crate::decode::decode;
use crate::error::{ErrorCode, TokenError};

/// How a provider refreshes. The defaults are tokenkit's `TokenProvider` defaults.
///
/// ```
/// let p = tokenkit::refresh::RefreshPolicy::default();
/// assert_eq!((p.refresh_margin, p.retries, p.retry_delay_ms), (60.0, 3, 500.0));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RefreshPolicy {
    /// Seconds before `exp` to refresh (shortened for short-lived tokens).
    pub refresh_margin: f64,
    /// Seconds of clock difference to forgive when judging expiry.
    pub clock_tolerance: f64,
    /// Failed loads retried before giving up.
    pub retries: u32,
    /// First retry delay, milliseconds; doubles each time.
    pub retry_delay_ms: f64,
    /// Longest retry delay, milliseconds.
    pub max_retry_delay_ms: f64,
}

impl Default for RefreshPolicy {
    fn default() -> Self {
        RefreshPolicy { refresh_margin: 60.0, clock_tolerance: 0.0, retries: 3, retry_delay_ms: 500.0, max_retry_delay_ms: 30_000.0 }
    }
}

/// The gap between the server's clock and this machine's, learnt from responses.
///
/// A laptop's clock can be minutes off; tokens carry the server's time. The provider
/// judges expiry and schedules refreshes in server time: `server = local + offset`.
///
/// ```
/// let mut clock = tokenkit::refresh::Clock::default();
/// clock.observe_date_header(1_700_000_300.0, 1_700_000_000.0); // local clock 5 min slow
/// assert_eq!(clock.server_now(1_700_000_000.0), 1_700_000_300.5);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Clock {
    offset: f64,
    from_date_header: bool,
}

/// Differences smaller than this are network latency and the `Date` header's whole
/// seconds, not a wrong clock.
const DATE_SKEW_THRESHOLD: f64 = 2.0;
/// A token's `iat` says less (it was set before the response travelled): only a large
/// gap counts, and only until a `Date` header has been seen.
const IAT_SKEW_THRESHOLD: f64 = 30.0;

impl Clock {
    /// The server's time now, given this machine's.
    pub fn server_now(&self, local_now: f64) -> f64 {
        local_now + self.offset
    }

    /// Seconds to add to local time to get server time.
    pub fn offset(&self) -> f64 {
        self.offset
    }

    /// Learns from a response's `Date` header (`server`, whole seconds) received at `local_now`.
    pub fn observe_date_header(&mut self, server: f64, local_now: f64) {
        if !server.is_finite() || !local_now.is_finite() {
            return;
        }
        // The header truncates to the second: the true server time is half a second later on average.
        let gap = server + 0.5 - local_now;
        self.offset = if gap.abs() > DATE_SKEW_THRESHOLD { gap } else { 0.0 };
        self.from_date_header = true;
    }

    /// Learns from a freshly loaded token's `iat`, when no `Date` header has been seen.
    ///
    /// ```
    /// let mut clock = tokenkit::refresh::Clock::default();
    /// clock.observe_issued_at(1_000.0, 1_010.0); // 10 s: latency, ignored
    /// assert_eq!(clock.offset(), 0.0);
    /// clock.observe_issued_at(1_000.0, 4_600.0); // an hour: this machine's clock is wrong
    /// assert_eq!(clock.offset(), -3_600.0);
    /// ```
    pub fn observe_issued_at(&mut self, iat: f64, local_now: f64) {
        if self.from_date_header || !iat.is_finite() || !local_now.is_finite() {
            return;
        }
        let gap = iat - local_now;
        self.offset = if gap.abs() > IAT_SKEW_THRESHOLD { gap } else { 0.0 };
    }
}

/// A token a loader returned, checked and ready to use.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedToken {
    /// The token, trimmed.
    pub token: String,
    /// Its `user_id`.
    pub user_id: Option<String>,
    /// Its `exp`.
    pub expires_at: Option<f64>,
    /// Its `iat`.
    pub issued_at: Option<f64>,
}

/// Checks what a loader returned at `local_now`: a decodable token, for `expected_user`
/// when one is given, and not expired in server time. The token's `iat` first teaches
/// `clock` about a badly set local clock (see [`Clock::observe_issued_at`]), so a token
/// from a server an hour ahead or behind is judged by the server's time. Anything else is
/// `provider_invalid_token`.
///
/// ```
/// use tokenkit::refresh::{check_loaded, Clock};
/// let t = tokenkit::create_token(b"k", "john", &tokenkit::CreateOptions { exp: Some(2000.0), ..Default::default() }, 0.0).unwrap();
/// let mut clock = Clock::default();
/// assert!(check_loaded(&t, Some("john"), &mut clock, 1000.0, 0.0).is_ok());
/// assert_eq!(check_loaded(&t, Some("jane"), &mut clock, 1000.0, 0.0).unwrap_err().code(), tokenkit::ErrorCode::ProviderInvalidToken);
/// assert_eq!(check_loaded(&t, None, &mut clock, 2000.0, 0.0).unwrap_err().code(), tokenkit::ErrorCode::ProviderInvalidToken);
/// ```
pub fn check_loaded(token: &str, expected_user: Option<&str>, clock: &mut Clock, local_now: f64, tolerance: f64) -> Result<LoadedToken, TokenError> {
    let invalid = |why: String| TokenError::new(ErrorCode::ProviderInvalidToken, why);
    let decoded = decode(token).map_err(|e| invalid(format!("The token provider returned something that is not a token: {} Return the JWT text from your backend.", e.message())))?;
    let registered = claims::registered(&decoded.payload).map_err(|e| invalid(format!("The token provider returned a token with bad claims: {}", e.message())))?;
    if let (Some(expected), actual) = (expected_user, registered.user_id.as_deref()) {
        if actual != Some(expected) {
            return Err(invalid(format!(
                "The token provider returned a token for user {}, but this provider is for {}. Check which user your backend signs for.",
                actual.map_or_else(|| "(none)".to_string(), crate::json::quote),
                crate::json::quote(expected)
            )));
        }
    }
    if let Some(iat) = registered.iat {
        clock.observe_issued_at(iat, local_now);
    }
    let server_now = clock.server_now(local_now);
    if registered.exp.is_some_and(|exp| server_now >= exp + tolerance) {
        return Err(invalid("The token provider returned a token that has already expired. Have your backend issue a fresh one (and check its clock).".into()));
    }
    Ok(LoadedToken { token: token.trim_ascii().to_string(), user_id: registered.user_id, expires_at: registered.exp, issued_at: registered.iat })
}

/// When to refresh a token that expires at `exp`, in server time.
///
/// `refresh_margin` seconds before `exp`, but never more than a quarter of the token's
/// lifetime (a 2-minute token with a 60 s margin is refreshed after 90 s, not 60 s), and
/// up to a tenth of the margin earlier by `jitter` (0 to 1, random) so tabs opened
/// together do not refresh in lockstep. Never before `server_now`. `None` without `exp`.
///
/// ```
/// use tokenkit::refresh::refresh_at;
/// assert_eq!(refresh_at(Some(3600.0), Some(0.0), 0.0, 60.0, 0.0), Some(3540.0));
/// assert_eq!(refresh_at(Some(120.0), Some(0.0), 0.0, 60.0, 0.0), Some(90.0));
/// assert_eq!(refresh_at(Some(3600.0), Some(0.0), 0.0, 60.0, 1.0), Some(3534.0));
/// assert_eq!(refresh_at(None, None, 0.0, 60.0, 0.5), None);
/// ```
pub fn refresh_at(exp: Option<f64>, iat: Option<f64>, server_now: f64, refresh_margin: f64, jitter: f64) -> Option<f64> {
    let exp = exp?;
    let issued = iat.filter(|iat| *iat <= server_now).unwrap_or(server_now);
    let lifetime = (exp - issued).max(0.0);
    let margin = refresh_margin.max(0.0).min(lifetime / 4.0);
    let spread = margin * 0.1 * unit(jitter);
    Some((exp - margin - spread).max(server_now))
}

/// Whether a cached token can be handed out at `server_now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Freshness {
    /// Use it.
    Fresh,
    /// Use it, and refresh in the background: the refresh time has passed (a timer
    /// that slept through it, say) but the token still works.
    RefreshNow,
    /// Do not use it: wait for a new one.
    Expired,
}

/// Judges a cached token at `server_now`.
///
/// ```
/// use tokenkit::refresh::{freshness, Freshness};
/// assert_eq!(freshness(Some(100.0), Some(90.0), 50.0, 0.0), Freshness::Fresh);
/// assert_eq!(freshness(Some(100.0), Some(90.0), 95.0, 0.0), Freshness::RefreshNow);
/// assert_eq!(freshness(Some(100.0), Some(90.0), 100.0, 0.0), Freshness::Expired);
/// assert_eq!(freshness(None, None, 1e12, 0.0), Freshness::Fresh);
/// ```
pub fn freshness(exp: Option<f64>, refresh_at: Option<f64>, server_now: f64, tolerance: f64) -> Freshness {
    // Sending a token that expires in flight gets it refused: a second of headroom.
    const IN_FLIGHT: f64 = 1.0;
    match exp {
        Some(exp) if server_now + IN_FLIGHT >= exp + tolerance => Freshness::Expired,
        _ if refresh_at.is_some_and(|at| server_now >= at) => Freshness::RefreshNow,
        _ => Freshness::Fresh,
    }
}

/// Milliseconds to wait before retry number `attempt` (1 for the first retry):
/// `retry_delay_ms × 2^(attempt−1)`, capped at `max_retry_delay_ms`, then scaled by
/// 50–100 % with `jitter` (0 to 1, random) so many clients do not retry together.
///
/// ```
/// use tokenkit::refresh::{retry_delay, RefreshPolicy};
/// let p = RefreshPolicy::default();
/// assert_eq!(retry_delay(&p, 1, 1.0), 500.0);
/// assert_eq!(retry_delay(&p, 3, 1.0), 2000.0);
/// assert_eq!(retry_delay(&p, 3, 0.0), 1000.0);
/// assert_eq!(retry_delay(&p, 40, 1.0), 30000.0);
/// ```
pub fn retry_delay(policy: &RefreshPolicy, attempt: u32, jitter: f64) -> f64 {
    let exponent = i32::try_from(attempt.saturating_sub(1).min(60)).unwrap_or(60);
    let full = (policy.retry_delay_ms.max(0.0) * 2f64.powi(exponent)).min(policy.max_retry_delay_ms.max(0.0));
    full * (0.5 + 0.5 * unit(jitter))
}

/// `x` clamped to 0..=1, NaN as 0.
fn unit(x: f64) -> f64 {
    if x.is_nan() {
        0.0
    } else {
        x.clamp(0.0, 1.0)
    }
}

/// Stream's API error code for an expired token.
pub const STREAM_TOKEN_EXPIRED: i64 = 40;

/// The default test for "this request failed because the token expired": HTTP 401
/// whose JSON body, if it has a numeric `code`, says 40 (Stream's "token expired"); or
/// any status whose JSON body has code 40. A 403, or a 401 with another code (43:
/// invalid signature), is not expiry: refreshing would not help, so it is not retried.
///
/// ```
/// use tokenkit::refresh::is_expiry_response;
/// assert!(is_expiry_response(401, r#"{"code":40,"message":"token expired"}"#));
/// assert!(is_expiry_response(401, "Unauthorized"));
/// assert!(!is_expiry_response(401, r#"{"code":43,"message":"invalid signature"}"#));
/// assert!(!is_expiry_response(403, ""));
/// assert!(!is_expiry_response(200, r#"{"ok":true}"#));
/// ```
pub fn is_expiry_response(status: u16, body: &str) -> bool {
    let code = crate::json::parse_object(body.as_bytes(), "body", ErrorCode::InvalidJson).ok().and_then(|o| o.get("code").and_then(crate::json::Value::as_f64));
    match code {
        #[allow(clippy::float_cmp)] // an integer JSON code
        Some(code) => code == STREAM_TOKEN_EXPIRED as f64,
        None => status == 401,
    }
}

/// What a token function (`TokenProvider.asTokenProvider()`) does when it is called.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenRequest {
    /// Hand out the provider's token as `getToken()` would (loading one if needed).
    Get,
    /// Load a new token (joining a load under way): the one handed out last was refused.
    Refresh,
}

/// Decides a call of a token function that last handed out `handed_out` while the
/// provider holds `current`.
///
/// Stream's clients call their token provider once to connect, and again only when
/// Stream's API refused the token (code 40). So a call while the provider still holds
/// the very token this function handed out last means that token was refused: handing it
/// back would be refused again, refresh instead. Any other call (the first one, or after
/// the provider moved on to a newer token, e.g. one another client's refusal loaded) gets
/// the current token.
///
/// ```
/// use tokenkit::refresh::{token_request, TokenRequest};
/// assert_eq!(token_request(None, Some("a")), TokenRequest::Get); // the first call
/// assert_eq!(token_request(Some("a"), Some("a")), TokenRequest::Refresh); // "a" was refused
/// assert_eq!(token_request(Some("a"), Some("b")), TokenRequest::Get); // already refreshed
/// ```
pub fn token_request(handed_out: Option<&str>, current: Option<&str>) -> TokenRequest {
    match (handed_out, current) {
        (Some(last), Some(now)) if last == now => TokenRequest::Refresh,
        _ => TokenRequest::Get,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{create_token, CreateOptions, Iat};

    fn token(user: &str, iat: f64, exp: f64) -> String {
        create_token(b"k", user, &CreateOptions { exp: Some(exp), iat: Some(Iat::At(iat)), ..Default::default() }, 0.0).unwrap()
    }

    /// A fake clock walks a provider's decisions through an hour of short-lived tokens:
    /// every token is refreshed before it expires and never handed out expired.
    #[test]
    fn an_hour_of_five_minute_tokens() {
        let policy = RefreshPolicy::default();
        let mut clock = Clock::default();
        let skew = -90.0; // this machine is 90 s behind the server
        let mut local = 1_000_000.0;
        let mut loads = 0;
        let mut current: Option<(LoadedToken, Option<f64>)> = None;
        while local < 1_000_000.0 + 3600.0 {
            let server = local - skew;
            let state = current.as_ref().map(|(t, at)| freshness(t.expires_at, *at, clock.server_now(local), policy.clock_tolerance));
            if !matches!(state, Some(Freshness::Fresh)) {
                assert_ne!(state, Some(Freshness::Expired), "a refresh was due before expiry, at {local}");
                let t = token("john", server, server + 300.0);
                clock.observe_date_header(server.floor(), local);
                let loaded = check_loaded(&t, Some("john"), &mut clock, local, 0.0).unwrap();
                let at = refresh_at(loaded.expires_at, loaded.issued_at, clock.server_now(local), policy.refresh_margin, 0.37);
                current = Some((loaded, at));
                loads += 1;
            }
            let (t, _) = current.as_ref().unwrap();
            assert!(t.expires_at.unwrap() > server, "handed out an expired token at {local}");
            local += 1.0;
        }
        // 300 s tokens refreshed 60–66 s early: about every 237 s.
        assert!((15..=16).contains(&loads), "{loads} loads");
        assert!((clock.offset() - 90.0).abs() <= 1.0, "skew learnt: {}", clock.offset());
    }

    #[test]
    fn loaded_tokens_are_checked() {
        let mut clock = Clock::default();
        for bad in ["", "not a token", "a.b.c"] {
            assert_eq!(check_loaded(bad, None, &mut clock, 0.0, 0.0).unwrap_err().code(), ErrorCode::ProviderInvalidToken);
        }
        let t = token("john", 0.0, 100.0);
        assert_eq!(check_loaded(&format!(" {t}\n"), None, &mut clock, 50.0, 0.0).unwrap().token, t);
        assert!(check_loaded(&t, None, &mut clock, 100.0, 1.0).is_ok(), "tolerance forgives");
        let no_user = create_token(b"k", "x", &CreateOptions { claims_json: None, ..Default::default() }, 0.0).unwrap();
        assert!(check_loaded(&no_user, Some("john"), &mut clock, 0.0, 0.0).unwrap_err().message().contains("\"x\""));
        // A server an hour behind: its fresh token looks expired by the local clock, but not once the iat is seen.
        let behind = token("john", 10_000.0, 10_600.0);
        let mut fresh_clock = Clock::default();
        let loaded = check_loaded(&behind, None, &mut fresh_clock, 13_600.0, 0.0).unwrap();
        assert_eq!((loaded.expires_at, fresh_clock.offset()), (Some(10_600.0), -3_600.0));
    }

    #[test]
    fn skew_from_date_headers_replaces_iat_guesses() {
        let mut c = Clock::default();
        c.observe_issued_at(5000.0, 1000.0);
        assert_eq!(c.offset(), 4000.0);
        c.observe_date_header(1001.0, 1000.0); // within 2 s: the clocks agree
        assert_eq!(c.offset(), 0.0);
        c.observe_issued_at(5000.0, 1000.0); // ignored once a Date header was seen
        assert_eq!(c.offset(), 0.0);
        c.observe_date_header(f64::NAN, 1000.0);
        assert_eq!(c.offset(), 0.0);
    }

    /// Two clients share one provider, each with its own token function: only the client
    /// whose token was refused refreshes; the other then gets the new token without a load.
    #[test]
    fn token_functions_refresh_only_what_they_handed_out() {
        let (t1, t2) = (token("john", 0.0, 100.0), token("john", 10.0, 200.0));
        let mut current = Some(t1.clone());
        let (mut a, mut b): (Option<String>, Option<String>) = (None, None);
        let mut loads = 0;
        let mut call = |last: &mut Option<String>, current: &mut Option<String>, fresh: &str| {
            if token_request(last.as_deref(), current.as_deref()) == TokenRequest::Refresh {
                loads += 1;
                *current = Some(fresh.to_string());
            }
            last.clone_from(current);
        };
        call(&mut a, &mut current, &t2); // A connects
        call(&mut b, &mut current, &t2); // B connects
        assert_eq!((a.as_deref(), b.as_deref()), (Some(t1.as_str()), Some(t1.as_str())));
        call(&mut a, &mut current, &t2); // t1 refused for A: refresh
        assert_eq!(a.as_deref(), Some(t2.as_str()));
        call(&mut b, &mut current, &t2); // t1 refused for B too: already replaced, no load
        assert_eq!(b.as_deref(), Some(t2.as_str()));
        assert_eq!(loads, 1);
        assert_eq!(token_request(Some(&t1), None), TokenRequest::Get, "an invalidated provider loads through getToken");
        assert_eq!(token_request(Some(""), Some("")), TokenRequest::Refresh);
    }

    #[test]
    fn refresh_times_are_sane_for_odd_tokens() {
        assert_eq!(refresh_at(Some(10.0), Some(0.0), 20.0, 60.0, 0.5), Some(20.0), "already past: now");
        assert_eq!(refresh_at(Some(100.0), Some(500.0), 0.0, 60.0, 0.0), Some(75.0), "iat in the future counts as now");
        assert_eq!(refresh_at(Some(100.0), None, 0.0, -5.0, 0.0), Some(100.0), "negative margin is 0");
        assert!(refresh_at(Some(1e300), Some(0.0), 0.0, f64::INFINITY, 0.0).is_some_and(f64::is_finite));
        assert_eq!(refresh_at(Some(3600.0), Some(0.0), 0.0, 60.0, f64::NAN), Some(3540.0), "a NaN jitter is no jitter");
        assert_eq!(retry_delay(&RefreshPolicy::default(), 1, f64::NAN), 250.0);
    }
}

//! Refresh scheduling for a token provider: which loaded tokens to accept, when to
//! refresh ahead of expiry, how long to back off after a failed load, what time the
//! server thinks it is, and which responses mean "the token expired".
//!
//! Pure decisions with no timers or I/O, so `cargo test` drives them with a fake clock;
//! the JavaScript layer arms its timers from them. Times are unix seconds, delays
//! milliseconds (what `setTimeout` takes).

use crate::prelude::*;
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

/// What time the server thinks it is, learnt only from evidence that can bear it.
///
/// The server's clock is this machine's plus [`Clock::offset`]. The offset follows the
/// `Date` headers of responses to requests that carried the provider's token, with three
/// guards, so that no single response (from a cache, a proxy or another origin sent
/// through `provider.fetch`) can move it:
///
/// - a sample the token itself contradicts is dropped: a server that did not refuse a
///   token as expired had not reached its `exp` ([`Clock::observe_date_header`]);
/// - the offset is the median of the last five samples, the window starting full of
///   zeros (this machine's clock): three samples that agree are needed to move it, and
///   one wild sample (a `Date` in the year 2100, or an hour in the past) moves nothing;
/// - under 2 s it is 0 (latency and the header's whole seconds).
///
/// Tokens' `iat`s are not samples: a backend that caches tokens hands out old `iat`s.
///
/// ```
/// let mut clock = tokenkit::refresh::Clock::default();
/// clock.observe_date_header(4_102_444_800.0, 1_700_000_000.0, 1_700_000_600.0); // 2100, past the token's exp: dropped
/// clock.observe_date_header(1_699_996_400.0, 1_700_000_000.0, 1_700_000_600.0); // an hour behind: one sample
/// assert_eq!(clock.offset(), 0.0);
/// for _ in 0..2 { clock.observe_date_header(1_699_996_400.0, 1_700_000_000.0, 1_700_000_600.0); }
/// assert_eq!(clock.offset(), -3_599.5); // three agree
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Clock {
    /// The last samples (server − local), oldest overwritten first; zeros to start.
    samples: [f64; 5],
    next: usize,
    /// How many samples were taken (at most 5 counted).
    seen: usize,
    offset: f64,
}

/// Differences smaller than this are network latency and the `Date` header's whole
/// seconds, not a wrong clock.
const DATE_SKEW_THRESHOLD: f64 = 2.0;
/// A token whose `iat` is further than this from the server time the provider believes
/// was issued by a server with another clock (or cached that long).
const IAT_SKEW_THRESHOLD: f64 = 30.0;
/// Samples that must agree before the offset is believed over a token's own `iat`.
const ESTABLISHED: usize = 3;

impl Clock {
    /// The server's time now, given this machine's.
    pub fn server_now(&self, local_now: f64) -> f64 {
        local_now + self.offset
    }

    /// Seconds to add to local time to get server time.
    pub fn offset(&self) -> f64 {
        self.offset
    }

    /// Whether enough samples agree that the offset is evidence, not the starting guess.
    pub fn established(&self) -> bool {
        self.seen >= ESTABLISHED
    }

    /// Learns from a response's `Date` header (`server`, whole seconds) received at
    /// `local_now` for a request that carried a token expiring at `exp` (server time) and
    /// was not refused as expired. Returns whether the offset changed.
    pub fn observe_date_header(&mut self, server: f64, local_now: f64, exp: f64) -> bool {
        // The server had not reached `exp` when it answered (it did not refuse the token);
        // a `Date` past it is wrong. A second of grace for the header's rounding.
        if !server.is_finite() || !local_now.is_finite() || server > exp + 1.0 {
            return false;
        }
        // The header truncates to the second: the true server time is half a second later on average.
        let slot = self.samples.get_mut(self.next % 5);
        if let Some(slot) = slot {
            *slot = server + 0.5 - local_now;
        }
        self.next = (self.next + 1) % 5;
        self.seen = (self.seen + 1).min(5);
        // The median of five: the sample with two others at or below it and two at or above.
        let median = self
            .samples
            .iter()
            .copied()
            .find(|x| self.samples.iter().filter(|y| *y < x).count() <= 2 && self.samples.iter().filter(|y| *y > x).count() <= 2)
            .unwrap_or(0.0);
        let before = self.offset;
        self.offset = if median.abs() > DATE_SKEW_THRESHOLD { median } else { 0.0 };
        #[allow(clippy::float_cmp)] // exactly the same value or not
        let changed = self.offset != before;
        changed
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
    /// When it arrived, local time.
    pub arrived: f64,
    /// Its `iat` disagrees with a clock that is not established: it came from a server
    /// whose clock differs from this machine's, and is trusted for its lifetime from
    /// arrival only (see [`check_loaded`]).
    pub own_clock: bool,
}

impl LoadedToken {
    /// The local time at which this token expires, as far as anything can tell: the
    /// earlier of `exp` in server time and arrival + its lifetime (`exp − iat`: a token is
    /// never valid for longer than that after it arrives, whatever any clock says). `None`
    /// without `exp`.
    ///
    /// ```
    /// use tokenkit::refresh::{Clock, LoadedToken};
    /// let t = LoadedToken { token: String::new(), user_id: None, expires_at: Some(1_100.0), issued_at: Some(1_000.0), arrived: 5_000.0, own_clock: false };
    /// assert_eq!(t.deadline(&Clock::default()), Some(1_100.0)); // cached long ago: exp decides
    /// let t = LoadedToken { arrived: 500.0, ..t };
    /// assert_eq!(t.deadline(&Clock::default()), Some(600.0)); // a server ahead: the lifetime decides
    /// ```
    pub fn deadline(&self, clock: &Clock) -> Option<f64> {
        let exp = self.expires_at?;
        let by_lifetime = self.issued_at.map_or(f64::INFINITY, |iat| self.arrived + (exp - iat).max(0.0));
        let by_clock = if self.own_clock { f64::INFINITY } else { exp - clock.offset() };
        Some(by_clock.min(by_lifetime))
    }
}

/// Checks what a loader returned at `local_now`: a decodable token, for `expected_user`
/// when one is given, and not expired. Anything else is `provider_invalid_token`.
///
/// Expired means past its [`LoadedToken::deadline`] (less `tolerance`). One exception,
/// so that a server whose clock is off is not refused before its `Date` headers taught
/// the clock: when the token's `iat` is more than 30 s from the server time believed and
/// the clock is not [established](Clock::established), the token is taken as issued now
/// by a clock of its own and used for its lifetime from arrival (`own_clock`). Within
/// 30 s, the gap is latency or caching, and an expired token is refused.
///
/// ```
/// use tokenkit::refresh::{check_loaded, Clock};
/// let t = tokenkit::create_token(b"k", "john", &tokenkit::CreateOptions { exp: Some(2000.0), ..Default::default() }, 0.0).unwrap();
/// let clock = Clock::default();
/// assert!(check_loaded(&t, Some("john"), &clock, 1000.0, 0.0).is_ok());
/// assert_eq!(check_loaded(&t, Some("jane"), &clock, 1000.0, 0.0).unwrap_err().code(), tokenkit::ErrorCode::ProviderInvalidToken);
/// assert_eq!(check_loaded(&t, None, &clock, 2000.0, 0.0).unwrap_err().code(), tokenkit::ErrorCode::ProviderInvalidToken);
/// ```
pub fn check_loaded(token: &str, expected_user: Option<&str>, clock: &Clock, local_now: f64, tolerance: f64) -> Result<LoadedToken, TokenError> {
    let decoded = decode(token).map_err(not_a_token)?;
    if decoded.header.contains_key("crit") {
        return Err(crit_refused());
    }
    let registered = claims::registered(&decoded.payload).map_err(bad_claims)?;
    accept_loaded(token, registered, expected_user, clock, local_now, tolerance)
}

/// `provider_invalid_token` for a loaded text that does not decode as a token.
pub(crate) fn not_a_token(e: TokenError) -> TokenError {
    TokenError::new(ErrorCode::ProviderInvalidToken, text!("The token provider returned something that is not a token: ", e.message(), " Return the JWT text from your backend."))
}

/// `provider_invalid_token` for a loaded token whose registered claims have wrong types.
pub(crate) fn bad_claims(e: TokenError) -> TokenError {
    TokenError::new(ErrorCode::ProviderInvalidToken, text!("The token provider returned a token with bad claims: ", e.message()))
}

/// `provider_invalid_token` for a loaded token whose header has `crit`, refused as
/// inspectToken and verifyToken refuse it (`crate::crit`, which also says why a malformed
/// `crit` is wrong: 0.7 KB gzipped more in the provider, for a message).
pub(crate) fn crit_refused() -> TokenError {
    TokenError::new(
        ErrorCode::ProviderInvalidToken,
        "The token provider returned a token whose header has crit: extensions that tokenkit does not implement, which can change what the token means, so it must be refused (RFC 7515 §4.1.11). Issue tokens without crit.",
    )
}

/// The rest of [`check_loaded`] once the token is read: its `registered` claims checked
/// against `expected_user` and the clocks. (The provider build reads tokens with the
/// platform's `JSON.parse`, `src/wasm/provider/token.rs`, and then comes here.)
pub(crate) fn accept_loaded(token: &str, registered: claims::RegisteredClaims, expected_user: Option<&str>, clock: &Clock, local_now: f64, tolerance: f64) -> Result<LoadedToken, TokenError> {
    let invalid = |why: String| TokenError::new(ErrorCode::ProviderInvalidToken, why);
    if let (Some(expected), actual) = (expected_user, registered.user_id.as_deref()) {
        if actual != Some(expected) {
            return Err(invalid(text!("The token provider returned a token for user ", actual.map_or_else(|| "(none)".to_string(), crate::json::quote), ", but this provider is for ", crate::json::quote(expected), ". Check which user your backend signs for.")));
        }
    }
    let mut loaded = LoadedToken {
        token: token.trim_ascii().to_string(),
        user_id: registered.user_id,
        expires_at: registered.exp,
        issued_at: registered.iat,
        arrived: local_now,
        own_clock: false,
    };
    if loaded.deadline(clock).is_some_and(|deadline| local_now >= deadline + tolerance) {
        let other_clock = registered.iat.is_some_and(|iat| (iat - clock.server_now(local_now)).abs() > IAT_SKEW_THRESHOLD);
        if !other_clock || clock.established() || loaded.deadline(&Clock::default()).is_none() {
            return Err(invalid("The token provider returned a token that has already expired. Have your backend issue a fresh one (and check its clock).".into()));
        }
        loaded.own_clock = true;
        if loaded.deadline(clock).is_some_and(|deadline| local_now >= deadline + tolerance) {
            return Err(invalid("The token provider returned a token whose exp is not after its iat. Have your backend issue tokens with a lifetime.".into()));
        }
    }
    Ok(loaded)
}

/// When to refresh a token that expires at local time `deadline` and arrived at
/// `arrived`, as a local time.
///
/// `refresh_margin` seconds before the deadline, but never more than a quarter of the
/// time it had left when it arrived (a 2-minute token with a 60 s margin is refreshed
/// after 90 s, not 60 s), and up to a tenth of the margin earlier by `jitter` (0 to 1,
/// random) so tabs opened together do not refresh in lockstep. Never before `now`.
/// `None` without a deadline.
///
/// ```
/// use tokenkit::refresh::refresh_at;
/// assert_eq!(refresh_at(Some(3600.0), 0.0, 0.0, 60.0, 0.0), Some(3540.0));
/// assert_eq!(refresh_at(Some(120.0), 0.0, 0.0, 60.0, 0.0), Some(90.0));
/// assert_eq!(refresh_at(Some(3600.0), 0.0, 0.0, 60.0, 1.0), Some(3534.0));
/// assert_eq!(refresh_at(None, 0.0, 0.0, 60.0, 0.5), None);
/// ```
pub fn refresh_at(deadline: Option<f64>, arrived: f64, now: f64, refresh_margin: f64, jitter: f64) -> Option<f64> {
    let deadline = deadline?;
    let lifetime = (deadline - arrived.min(now)).max(0.0);
    let margin = refresh_margin.max(0.0).min(lifetime / 4.0);
    let spread = margin * 0.1 * unit(jitter);
    Some((deadline - margin - spread).max(now))
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

/// Judges a cached token at local time `now`, given its local
/// [deadline](LoadedToken::deadline) and [refresh time](refresh_at).
///
/// ```
/// use tokenkit::refresh::{freshness, Freshness};
/// assert_eq!(freshness(Some(100.0), Some(90.0), 50.0, 0.0), Freshness::Fresh);
/// assert_eq!(freshness(Some(100.0), Some(90.0), 95.0, 0.0), Freshness::RefreshNow);
/// assert_eq!(freshness(Some(100.0), Some(90.0), 100.0, 0.0), Freshness::Expired);
/// assert_eq!(freshness(None, None, 1e12, 0.0), Freshness::Fresh);
/// ```
pub fn freshness(deadline: Option<f64>, refresh_at: Option<f64>, now: f64, tolerance: f64) -> Freshness {
    // Sending a token that expires in flight gets it refused: a second of headroom.
    const IN_FLIGHT: f64 = 1.0;
    match deadline {
        Some(deadline) if now + IN_FLIGHT >= deadline + tolerance => Freshness::Expired,
        _ if refresh_at.is_some_and(|at| now >= at) => Freshness::RefreshNow,
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
    let full = (policy.retry_delay_ms.max(0.0) * crate::float::powi(2.0, exponent)).min(policy.max_retry_delay_ms.max(0.0));
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
    is_expiry_code(status, code)
}

/// [`is_expiry_response`] once the body is read: `code` is its JSON object's numeric
/// `code`, if it has one. (The provider build reads bodies with `JSON.parse`.)
///
/// ```
/// use tokenkit::refresh::is_expiry_code;
/// assert!(is_expiry_code(401, Some(40.0)) && is_expiry_code(401, None));
/// assert!(!is_expiry_code(401, Some(43.0)) && !is_expiry_code(500, None));
/// ```
pub fn is_expiry_code(status: u16, code: Option<f64>) -> bool {
    match code {
        #[allow(clippy::float_cmp)] // an integer JSON code
        Some(code) => code == STREAM_TOKEN_EXPIRED as f64,
        None => status == 401,
    }
}

/// The most of a failed response's body `provider.fetch` reads to decide on expiry.
pub const BODY_LIMIT_BYTES: usize = 16 * 1024;
/// The longest `provider.fetch` waits for that body, milliseconds.
pub const BODY_WAIT_MS: f64 = 1_000.0;

/// Whether a response means "the token expired" without reading its body: `Some` when
/// the status and `Content-Type` decide, `None` when the body must be read (at most
/// [`BODY_LIMIT_BYTES`] for at most [`BODY_WAIT_MS`], else judged as empty). `custom`: the
/// app's `isAuthError`, which takes the body, judges every failed response.
///
/// ```
/// use tokenkit::refresh::expiry_without_body;
/// assert_eq!(expiry_without_body(200, Some("application/json"), true), Some(false));
/// assert_eq!(expiry_without_body(500, Some("text/html"), false), Some(false)); // no JSON code possible
/// assert_eq!(expiry_without_body(401, Some("text/plain"), false), Some(true));
/// assert_eq!(expiry_without_body(500, Some("application/json; charset=utf-8"), false), None);
/// assert_eq!(expiry_without_body(403, None, false), None);
/// assert_eq!(expiry_without_body(403, Some("text/plain"), true), None);
/// ```
pub fn expiry_without_body(status: u16, content_type: Option<&str>, custom: bool) -> Option<bool> {
    if status < 400 {
        return Some(false);
    }
    match content_type {
        _ if custom => None,
        Some(kind) if !kind.as_bytes().windows(4).any(|w| w.eq_ignore_ascii_case(b"json")) => Some(is_expiry_code(status, None)),
        _ => None,
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

    /// One simulated provider against a server whose clock is `skew` s off this machine's,
    /// driven second by second. `date(local, server)` is the `Date` header of each API
    /// response (None: none visible), `issue(server)` the token the loader returns.
    /// Returns (loads, API requests whose token the server found expired, final offset).
    fn simulate(skew: f64, seconds: f64, date: impl Fn(f64, f64) -> Option<f64>, issue: impl Fn(f64) -> (f64, f64)) -> (u32, u32, f64) {
        let policy = RefreshPolicy::default();
        let mut clock = Clock::default();
        let mut local = 1_000_000.0;
        let (mut loads, mut refused) = (0, 0);
        let mut current: Option<(LoadedToken, Option<f64>)> = None;
        while local < 1_000_000.0 + seconds {
            let server = local + skew;
            let state = current.as_ref().map(|(t, at)| freshness(t.deadline(&clock), *at, local, policy.clock_tolerance));
            if !matches!(state, Some(Freshness::Fresh)) {
                let (iat, exp) = issue(server);
                let loaded = check_loaded(&token("john", iat, exp), Some("john"), &clock, local, 0.0).unwrap();
                let at = refresh_at(loaded.deadline(&clock), loaded.arrived, local, policy.refresh_margin, 0.37);
                current = Some((loaded, at));
                loads += 1;
            }
            let (t, _) = current.as_ref().unwrap();
            let exp = t.expires_at.unwrap();
            if exp <= server {
                refused += 1;
            } else if let Some(d) = date(local, server) {
                clock.observe_date_header(d.floor(), local, exp);
            }
            local += 1.0;
        }
        (loads, refused, clock.offset())
    }

    /// A fake clock walks a provider's decisions through an hour of five-minute tokens
    /// from servers 90 s and ±10 minutes off: every token is refreshed before the server's
    /// exp, the `Date` headers teach the offset, and no token goes out expired.
    #[test]
    fn an_hour_of_five_minute_tokens_with_skewed_servers() {
        for skew in [0.0, -90.0, 600.0, -600.0] {
            let (loads, refused, offset) = simulate(skew, 3600.0, |_, server| Some(server), |server| (server.floor(), server.floor() + 300.0));
            assert_eq!(refused, 0, "skew {skew}: tokens sent expired");
            // 300 s tokens refreshed 60–66 s early: about every 237 s.
            assert!((15..=16).contains(&loads), "skew {skew}: {loads} loads");
            assert!((offset - skew).abs() <= 1.0, "skew {skew}: offset learnt {offset}");
            // With no Date header visible (cross-origin), the tokens' lifetimes alone keep it
            // safe; a server 90 s behind then looks like a cache of 90 s, and tokens are
            // refreshed as if they had 210 s (more loads, none expired).
            let (loads, refused, offset) = simulate(skew, 3600.0, |_, _| None, |server| (server.floor(), server.floor() + 300.0));
            assert_eq!((refused, offset), (0, 0.0), "skew {skew}, no Date");
            assert!((15..=25).contains(&loads), "skew {skew}, no Date: {loads} loads");
        }
    }

    /// One wild `Date` header among honest ones (a year-2100 one, an hour-old cached one)
    /// changes nothing; the same wild header from every response changes nothing either
    /// when it contradicts the token, and, when it does not, cannot outlive a token's lifetime.
    #[test]
    fn wild_date_headers_cannot_break_the_clock() {
        let y2100 = 4_102_444_800.0;
        for wild in [y2100, -3600.0] {
            let date = |_: f64, server: f64| Some(if server as i64 % 200 == 7 { if wild > 0.0 { wild } else { server + wild } } else { server });
            let (_, refused, offset) = simulate(0.0, 3600.0, date, |server| (server.floor(), server.floor() + 300.0));
            assert_eq!((refused, offset), (0, 0.0));
        }
        let (loads, refused, offset) = simulate(0.0, 3600.0, |_, _| Some(y2100), |server| (server.floor(), server.floor() + 300.0));
        assert_eq!((refused, offset), (0, 0.0), "every Date in 2100: dropped");
        assert!((15..=16).contains(&loads));
        let (_, refused, offset) = simulate(0.0, 3600.0, |_, server| Some(server - 3600.0), |server| (server.floor(), server.floor() + 300.0));
        assert_eq!(refused, 0, "every Date an hour old: the lifetime still bounds each token");
        assert!((offset + 3599.5).abs() < 1.0);
    }

    /// A backend that caches tokens: each is 100 s old with 103 s of lifetime. The old
    /// `iat` is not taken for skew; every token is replaced before its exp.
    #[test]
    fn cached_tokens_are_not_clock_skew() {
        let (loads, refused, offset) = simulate(0.0, 600.0, |_, server| Some(server), |server| (server.floor() - 100.0, server.floor() + 3.0));
        assert_eq!((refused, offset), (0, 0.0));
        assert!(loads >= 150, "{loads} loads: tokens with 3 s left must be replaced every 2–3 s");
        // The issue's case: loaded with 3 s left; 5 s later it is expired, not fresh.
        let clock = Clock::default();
        let t = check_loaded(&token("john", 900.0, 1003.0), None, &clock, 1000.0, 0.0).unwrap();
        assert_eq!(t.deadline(&clock), Some(1003.0));
        assert_eq!(freshness(t.deadline(&clock), None, 1005.0, 0.0), Freshness::Expired);
    }

    #[test]
    fn loaded_tokens_are_checked() {
        let clock = Clock::default();
        for bad in ["", "not a token", "a.b.c"] {
            assert_eq!(check_loaded(bad, None, &clock, 0.0, 0.0).unwrap_err().code(), ErrorCode::ProviderInvalidToken);
        }
        let t = token("john", 0.0, 100.0);
        assert_eq!(check_loaded(&format!(" {t}\n"), None, &clock, 50.0, 0.0).unwrap().token, t);
        assert!(check_loaded(&t, None, &clock, 100.0, 1.0).is_ok(), "tolerance forgives");
        let no_user = create_token(b"k", "x", &CreateOptions { claims_json: None, ..Default::default() }, 0.0).unwrap();
        assert!(check_loaded(&no_user, Some("john"), &clock, 0.0, 0.0).unwrap_err().message().contains("\"x\""));
        // Expired within 30 s of its iat: the clocks agree, the token is stale.
        assert!(check_loaded(&token("john", 980.0, 990.0), None, &clock, 1000.0, 0.0).is_err());
        // A server an hour behind: its fresh token looks expired by the local clock, but its iat says why.
        let behind = check_loaded(&token("john", 10_000.0, 10_600.0), None, &clock, 13_600.0, 0.0).unwrap();
        assert!(behind.own_clock);
        assert_eq!(behind.deadline(&clock), Some(14_200.0));
        // Once three Date headers agree that this machine's clock is right, such a token is stale.
        let mut sure = Clock::default();
        for _ in 0..3 {
            sure.observe_date_header(13_600.0, 13_600.0, 20_000.0);
        }
        assert!(sure.established() && sure.offset() == 0.0);
        assert!(check_loaded(&token("john", 10_000.0, 10_600.0), None, &sure, 13_600.0, 0.0).is_err());
        assert!(check_loaded(&token("john", 10_000.0, 10_000.0), None, &clock, 13_600.0, 0.0).is_err(), "no lifetime");
        // A `crit` extension (here b64: the payload need not even be base64) is refused.
        let b64 = |header: &str| text!(&crate::base64url::encode(header.as_bytes()), ".", &crate::base64url::encode(br#"{"user_id":"john"}"#), ".c2ln");
        let e = check_loaded(&b64(r#"{"alg":"HS256","b64":false,"crit":["b64"]}"#), None, &clock, 0.0, 0.0).unwrap_err();
        assert_eq!(e.code(), ErrorCode::ProviderInvalidToken);
        assert!(e.message().contains("crit"), "{e}");
        assert!(check_loaded(&b64(r#"{"alg":"HS256"}"#), None, &clock, 0.0, 0.0).is_ok());
    }

    #[test]
    fn date_samples_need_agreement() {
        let mut c = Clock::default();
        assert!(!c.observe_date_header(5000.0, 1000.0, 9000.0));
        assert!(!c.observe_date_header(5000.0, 1000.0, 9000.0), "two samples are not enough");
        assert!(c.observe_date_header(5000.0, 1000.0, 9000.0), "three are");
        assert_eq!(c.offset(), 4000.5);
        c.observe_date_header(f64::NAN, 1000.0, 9000.0);
        c.observe_date_header(1001.0, 1000.0, 9000.0); // within 2 s
        c.observe_date_header(1001.0, 1000.0, 9000.0);
        c.observe_date_header(1001.0, 1000.0, 9000.0);
        assert_eq!(c.offset(), 0.0);
        assert!(!c.observe_date_header(9002.0, 1000.0, 9000.0), "past the token's exp: dropped");
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
        assert_eq!(refresh_at(Some(10.0), 0.0, 20.0, 60.0, 0.5), Some(20.0), "already past: now");
        assert_eq!(refresh_at(Some(100.0), 500.0, 0.0, 60.0, 0.0), Some(75.0), "arrival in the future counts as now");
        assert_eq!(refresh_at(Some(100.0), 0.0, 0.0, -5.0, 0.0), Some(100.0), "negative margin is 0");
        assert!(refresh_at(Some(1e300), 0.0, 0.0, f64::INFINITY, 0.0).is_some_and(f64::is_finite));
        assert_eq!(refresh_at(Some(3600.0), 0.0, 0.0, 60.0, f64::NAN), Some(3540.0), "a NaN jitter is no jitter");
        assert_eq!(retry_delay(&RefreshPolicy::default(), 1, f64::NAN), 250.0);
    }
}

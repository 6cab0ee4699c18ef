// The wasm layer's tests, shared by wasm_node.rs (Node) and wasm_browser.rs (Chromium).
// They call the exported functions with real JavaScript values and check what comes back.

use js_sys::{Array, Date, Object, Reflect, Uint8Array, JSON};
use tokenkit::wasm::{create_token, decode_token, dev_token, inspect_token, verify_token};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const JOHN: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyX2lkIjoiam9obiJ9.yrpLD2gUq_TIyxMKpDBHQO391KGCNrFl-RvMT-p90MU";
const JOHN_EXP: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyX2lkIjoiam9obiIsImV4cCI6MTcwMDAwMDAwMH0.Tb6bsusboyKgZgVa65jmRdMZtK79eXzrAWeh4NpG9Sw";

fn s(v: &str) -> JsValue {
    JsValue::from_str(v)
}

fn obj(json: &str) -> JsValue {
    JSON::parse(json).unwrap()
}

fn get(o: &JsValue, key: &str) -> JsValue {
    Reflect::get(o, &s(key)).unwrap()
}

fn code_of(result: Result<impl std::fmt::Debug, JsValue>) -> String {
    let err = result.expect_err("expected a TokenError");
    assert!(err.is_instance_of::<js_sys::Error>(), "thrown value is an Error");
    assert_eq!(get(&err, "name").as_string().as_deref(), Some("TokenError"));
    let message = get(&err, "message").as_string().unwrap();
    assert!(message.len() > 10, "message says what to do: {message}");
    get(&err, "code").as_string().unwrap()
}

#[wasm_bindgen_test]
fn vectors() {
    assert_eq!(create_token(s("secret"), s("john"), None).unwrap(), JOHN);
    assert_eq!(create_token(s("secret"), s("john"), Some(obj(r#"{"exp":1700000000}"#).into())).unwrap(), JOHN_EXP);
    let bytes = Uint8Array::from(&b"secret"[..]);
    assert_eq!(create_token(bytes.into(), s("john"), Some(JsValue::NULL.into())).unwrap(), JOHN);
    assert_eq!(dev_token(s("john")).unwrap(), "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyX2lkIjoiam9obiJ9.devtoken");
}

#[wasm_bindgen_test]
fn decode_gives_plain_objects() {
    let d = decode_token(s(JOHN_EXP)).unwrap();
    assert_eq!(JSON::stringify(&get(&d, "header")).unwrap(), r#"{"alg":"HS256","typ":"JWT"}"#);
    assert_eq!(JSON::stringify(&get(&d, "payload")).unwrap(), r#"{"user_id":"john","exp":1700000000}"#);
    assert_eq!(get(&d, "signature").as_string().as_deref(), Some("Tb6bsusboyKgZgVa65jmRdMZtK79eXzrAWeh4NpG9Sw"));
    assert_eq!(get(&d, "devToken").as_bool(), Some(false));
}

#[wasm_bindgen_test]
fn inspect_and_verify() {
    let options = obj(r#"{"now":1699999000,"clockTolerance":0}"#);
    let i = inspect_token(s(JOHN_EXP), Some(options.clone().into())).unwrap();
    assert_eq!(get(&i, "status").as_string().as_deref(), Some("valid"));
    assert_eq!(get(&i, "expiresIn").as_f64(), Some(1000.0));
    assert_eq!(get(&i, "userId").as_string().as_deref(), Some("john"));
    assert!(get(&i, "issuedAt").is_null());
    let claims: Array = get(&i, "claims").dyn_into().unwrap();
    assert_eq!(get(&claims.get(1), "display").as_string().as_deref(), Some("1700000000 (2023-11-14T22:13:20Z)"));
    assert_eq!(get(&claims.get(1), "value").as_f64(), Some(1700000000.0));
    let v = verify_token(s(JOHN_EXP), s("secret"), Some(options.into())).unwrap();
    assert_eq!(get(&v, "status").as_string().as_deref(), Some("valid"));
    let expired = verify_token(s(JOHN_EXP), s("secret"), None).unwrap();
    assert_eq!(get(&expired, "status").as_string().as_deref(), Some("expired"), "default now is the real clock");
    let revoked = Object::new();
    Reflect::set(&revoked, &s("now"), &JsValue::from_f64(1.0)).unwrap();
    Reflect::set(&revoked, &s("appRevokedBefore"), &Date::new(&JsValue::from_f64(0.0))).unwrap();
    let r = inspect_token(s(JOHN), Some(JsValue::from(revoked).into())).unwrap();
    assert_eq!(get(&r, "status").as_string().as_deref(), Some("revoked"));
}

#[wasm_bindgen_test]
fn unicode_round_trips() {
    let claims = obj(r#"{"claims":{"名前":"山田太郎","emoji":"😀👍🏽"}}"#);
    let t = create_token(s("秘密"), s("山田"), Some(claims.into())).unwrap();
    let d = verify_token(s(&t), s("秘密"), None).unwrap();
    assert_eq!(JSON::stringify(&get(&d, "payload")).unwrap(), r#"{"user_id":"山田","名前":"山田太郎","emoji":"😀👍🏽"}"#);
}

#[wasm_bindgen_test]
fn every_error_code() {
    let huge = "a".repeat(70_000);
    let none = "eyJhbGciOiJub25lIn0.eyJ1c2VyX2lkIjoiam9obiJ9.";
    let lone = js_sys::JsString::from_char_code1(0xD800);
    let cases: Vec<(&str, Result<JsValue, JsValue>)> = vec![
        ("malformed", decode_token(s("a.b"))),
        ("malformed", decode_token(JsValue::NULL)),
        ("malformed", decode_token(lone.clone().into())),
        ("too_large", decode_token(s(&huge))),
        ("invalid_base64", decode_token(s("e*J.eyJ9.x"))),
        ("invalid_json", decode_token(s("eyJhbGci.eyJ1c2VyX2lkIjoiam9obiJ9.x"))),
        ("invalid_header", decode_token(s("W10.eyJ1c2VyX2lkIjoiam9obiJ9.x"))),
        ("invalid_claims", decode_token(s("eyJhbGciOiJIUzI1NiJ9.WzFd.x"))),
        ("unsupported_algorithm", verify_token(s(none), s("secret"), None)),
        ("signature_invalid", verify_token(s(JOHN), s("wrong"), None)),
        ("invalid_secret", verify_token(s(JOHN), s(""), None)),
        ("invalid_secret", create_token(JsValue::from_f64(1.0), s("john"), None).map(JsValue::from)),
        ("invalid_user_id", create_token(s("k"), s(""), None).map(JsValue::from)),
        ("invalid_user_id", dev_token(lone.into()).map(JsValue::from)),
        ("invalid_options", create_token(s("k"), s("u"), Some(obj(r#"{"exp":1,"validityInSeconds":1}"#).into())).map(JsValue::from)),
        ("invalid_options", inspect_token(s(JOHN), Some(obj(r#"{"nope":1}"#).into()))),
        ("invalid_options", inspect_token(s(JOHN), Some(s("options").into()))),
    ];
    for (want, result) in cases {
        assert_eq!(code_of(result), want);
        // the module keeps working after every error
        assert_eq!(create_token(s("secret"), s("john"), None).unwrap(), JOHN);
    }
}

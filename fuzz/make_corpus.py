#!/usr/bin/env python3
"""Writes the committed seed corpus, fuzz/corpus/{decode,inspect,verify}/, from scratch.

Real tokens, made independently of tokenkit (Python's hmac and base64): the README's
vectors, a development token, Stream's JavaScript SDK spelling (padded, standard
alphabet), unicode claims, every HMAC algorithm, alg none, boundary claims.

fuzz/corpus/structured/ is not written here: its seeds are byte strings for `arbitrary`,
kept from a fuzz run (one per outcome the harness predicts: valid, wrong signature,
mistyped claims, ...). They mean something else once the `Case` type in
fuzz_targets/structured.rs changes; pick new ones from fuzz/target/corpus/structured then.

Run from anywhere: python3 fuzz/make_corpus.py
"""
import base64
import hashlib
import hmac
import json
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
HS = {"HS256": hashlib.sha256, "HS384": hashlib.sha384, "HS512": hashlib.sha512}


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def seg(obj) -> str:
    text = obj if isinstance(obj, str) else json.dumps(obj, separators=(",", ":"), ensure_ascii=False)
    return b64url(text.encode())


def signed(header, payload, secret=b"secret", alg="HS256") -> str:
    signing_input = f"{seg(header)}.{seg(payload)}"
    mac = hmac.new(secret, signing_input.encode(), HS[alg]).digest()
    return f"{signing_input}.{b64url(mac)}"


HS256 = {"alg": "HS256", "typ": "JWT"}
JOHN = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyX2lkIjoiam9obiJ9.yrpLD2gUq_TIyxMKpDBHQO391KGCNrFl-RvMT-p90MU"
JOHN_EXP = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyX2lkIjoiam9obiIsImV4cCI6MTcwMDAwMDAwMH0.Tb6bsusboyKgZgVa65jmRdMZtK79eXzrAWeh4NpG9Sw"
DEV = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyX2lkIjoiam9obiJ9.devtoken"
assert signed(HS256, {"user_id": "john"}) == JOHN
assert signed(HS256, {"user_id": "john", "exp": 1700000000}) == JOHN_EXP

# Stream's JavaScript SDK dev token spelling: standard alphabet with '=' padding.
sdk_payload = base64.b64encode(b'{"user_id":"jo~?x"}').decode()
assert "=" in sdk_payload and ("+" in sdk_payload or "/" in sdk_payload), sdk_payload
SDK_DEV = f"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.{sdk_payload}.devtoken"

TOKENS = {
    "readme-john": JOHN,
    "readme-john-exp": JOHN_EXP,
    "dev-john": DEV,
    "sdk-dev-padded-standard": SDK_DEV,
    "unicode-claims": signed(HS256, {"user_id": "山田", "名前": "山田太郎", "emoji": "😀", "exp": 1700000000}),
    "escaped-unicode": signed(HS256, '{"user_id":"\\u5c71\\u7530","e":"\\ud83d\\ude00\\n\\"\\/","iat":1699990000}'),
    "all-times": signed(HS256, {"user_id": "u", "iat": 1700000000, "nbf": 1700000060, "exp": 1700003600}),
    "fraction-times": signed(HS256, '{"user_id":"u","iat":1.5e9,"exp":1700000000.25,"nbf":-0}'),
    "hs384": signed({"alg": "HS384", "typ": "JWT"}, {"user_id": "u", "exp": 1700000000}, alg="HS384"),
    "hs512": signed({"alg": "HS512"}, {"user_id": "u", "role": "admin", "call_cids": ["default:1"]}, alg="HS512"),
    "alg-none": f"{seg({'alg': 'none'})}.{seg({'user_id': 'u'})}.",
    "server": signed(HS256, {"server": True}),
    "nested-claims": signed(HS256, {"user_id": "u", "a": [1, {"b": [None, True, 1e300]}], "channel_cids": []}),
    "whitespace": "  " + JOHN + "\r\n",
}

CORPUS = os.path.join(HERE, "corpus")
for target in ("decode", "inspect", "verify"):
    shutil.rmtree(os.path.join(CORPUS, target), ignore_errors=True)
    os.makedirs(os.path.join(CORPUS, target))


def write(target: str, name: str, data: bytes) -> None:
    with open(os.path.join(CORPUS, target, name), "wb") as f:
        f.write(data)


for name, token in TOKENS.items():
    write("decode", name, token.encode())

# inspect: the token alone (inspected at its own exp/iat/nbf), or token NUL option bytes.
for name in ("readme-john-exp", "all-times", "dev-john", "sdk-dev-padded-standard", "fraction-times", "unicode-claims"):
    write("inspect", name, TOKENS[name].encode())
write("inspect", "all-times-options", TOKENS["all-times"].encode() + b"\0" + bytes(range(3, 40, 3)))
write("inspect", "john-exp-iso", TOKENS["readme-john-exp"].encode() + b"\0\x05\0\0\0\x0a2023-11-14T22:13:20Z")

# verify: one byte of secret length, the secret, the token.
for name, secret in (("readme-john", b"secret"), ("readme-john-exp", b"secret"), ("hs384", b"secret"), ("hs512", b"secret"), ("unicode-claims", b"secret")):
    write("verify", name, bytes([len(secret)]) + secret + TOKENS[name].encode())
write("verify", "wrong-secret", b"\x06secreT" + JOHN.encode())
write("verify", "empty-secret", b"\x00" + JOHN.encode())
write("verify", "dev", b"\x01k" + DEV.encode())
write("verify", "create-claims", b'\x02k\x05{"nbf":"soon","a":[1,2]}')

print({t: len(os.listdir(os.path.join(CORPUS, t))) for t in ("decode", "inspect", "verify")})

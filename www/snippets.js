// Server-side code that makes the page's token with Stream's official server SDKs.
// Each function gets { userId, exp, iat, claims, expLabel } (exp/iat: unix seconds or
// undefined; claims: an object or undefined) and returns the snippet as plain text.
// `iso` (unix seconds as an ISO UTC date) also serves main.js's date display, and
// `HIDDEN`/`escapeHidden` its visible escapes.
// The secret is never an argument: every snippet reads it from the environment.
//
// The escaping rule: what the visitor types (user ID, claim names and values) reaches a
// snippet only through the literal functions below (one per language) or, in a comment,
// through commentJson. A literal escapes its quote, the backslash, the language's
// interpolation characters (Ruby's #, PHP's $) and every HIDDEN character; commentJson is
// printable ASCII only, with < > ? * / written as \u escapes. So no value can end a string
// or a comment (newlines, U+2028/U+2029, U+0085, "*/", "?>") in any of the seven languages,
// and invisible characters show as escapes instead of hiding in the code.

export const iso = (t) => new Date(t * 1000).toISOString().replace('.000Z', 'Z');

/**
 * Characters a reader cannot see or that change how text around them looks: controls (C0,
 * DEL, C1), format characters (category Cf: bidi controls U+202A–U+202E and U+2066–U+2069,
 * zero-width U+200B–U+200F, U+2060–U+2064, U+FEFF, soft hyphen, U+061C, U+180E, tags…),
 * line and paragraph separators, every space but U+0020, lone surrogates, and the
 * blank letters (combining grapheme joiner, Hangul fillers, Khmer inherent vowels).
 */
export const HIDDEN = /(?! )[\p{Cc}\p{Cf}\p{Z}\p{Cs}\u034F\u115F\u1160\u17B4\u17B5\u3164\uFFA0]/gu;
const hasHidden = (s) => s.search(HIDDEN) >= 0;
const hex = (n, width = 4) => n.toString(16).toUpperCase().padStart(width, '0');

/** A hidden character as JSON writes it: \uXXXX per UTF-16 code unit (so also valid JS, Java, C#). */
export const escapeHidden = (ch) => [...Array(ch.length).keys()].map((i) => `\\u${hex(ch.charCodeAt(i))}`).join('');

/** Lone surrogates become U+FFFD, as in UTF-8 (Go, Ruby and PHP have no escape for them). */
const wellFormed = (s) => s.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]|[\uD800-\uDFFF]/g, (m) => (m.length === 2 ? m : '\uFFFD'));

const SHORT = { '\b': '\\b', '\t': '\\t', '\n': '\\n', '\f': '\\f', '\r': '\\r' };
const { '\b': _, ...PHP_SHORT } = SHORT; // PHP has no \b

/**
 * A double-quoted literal: `special` (quote, backslash, …) get a backslash, \b \t \n \f \r
 * their short escapes (those in `short`), any other HIDDEN character `hidden(codePoint)`.
 */
function literal(s, special, hidden, short = SHORT) {
  let out = '"';
  for (const ch of wellFormed(String(s))) {
    if (special.includes(ch)) out += `\\${ch}`;
    else if (short[ch]) out += short[ch];
    else if (hasHidden(ch)) out += hidden(ch.codePointAt(0), ch);
    else out += ch;
  }
  return `${out}"`;
}

/** JavaScript, Java and C#: \uXXXX per UTF-16 code unit (Java reads such escapes first, so
 * none of them may stand for a quote, a backslash or a line end: those use \" \\ \n \r). */
const cLike = (s) => literal(s, '"\\', (cp, ch) => escapeHidden(ch));
/** Python and Go: \uXXXX, or \U00XXXXXX beyond the BMP. */
const pyGo = (s) => literal(s, '"\\', (cp) => (cp > 0xffff ? `\\U${hex(cp, 8)}` : `\\u${hex(cp)}`));
/** Ruby: single quotes when nothing needs an escape; else double, with # escaped (no #{…}). */
const rb = (s) => (hasHidden(s) ? literal(s, '"\\#', (cp) => `\\u{${hex(cp)}}`) : sq(s));
/** PHP: single quotes when nothing needs an escape; else double, with $ escaped. */
const php = (s) => (hasHidden(s) ? literal(s, '"\\$', (cp) => `\\u{${hex(cp)}}`, PHP_SHORT) : sq(s));
/** Single-quoted Ruby or PHP: only \\ and \' are escapes there. */
const sq = (s) => `'${s.replace(/[\\']/g, '\\$&')}'`;

/**
 * JSON for a comment: every character outside printable ASCII, and < > ? * /, as a \uXXXX
 * escape (still the same JSON). Nothing in it can end a line comment in any of the seven
 * languages, nor a block comment, nor PHP code (`?>`).
 */
function commentJson(value) {
  return JSON.stringify(value).replace(/[^\x20-\x7e]|[<>?*/]/g, (ch) => `\\u${hex(ch.charCodeAt(0))}`);
}

const hasClaims = (c) => c && Object.keys(c).length > 0;

/** The exp comment: its date, and for a preset the code for "that long from now". */
function expNote(v, fromNow) {
  return v.expSeconds ? `${iso(v.exp)}; for "${v.expLabel} from now": ${fromNow(v.expSeconds)}` : iso(v.exp);
}

/** "Cannot add extra claims" comment for SDKs whose createToken takes none. */
function noClaims(v, comment) {
  return hasClaims(v.claims) ? `${comment} This SDK cannot add extra claims to a user token: ${commentJson(v.claims)} is left out.\n` : '';
}

/** Python literal for a JSON value. */
function py(value) {
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return pyGo(value);
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : 'None'; // JSON writes null
  if (Array.isArray(value)) return `[${value.map(py).join(', ')}]`;
  return `{${Object.entries(value).map(([k, x]) => `${pyGo(k)}: ${py(x)}`).join(', ')}}`;
}

/** create_token(self, user_id, exp=None, iat=None, **claims): claims named like these cannot be keyword arguments. */
const PY_PARAMS = ['self', 'user_id', 'exp', 'iat'];

export const LANGUAGES = [
  {
    id: 'node',
    name: 'Node',
    code(v) {
      const args = [cLike(v.userId)];
      const lines = [];
      if (v.exp !== undefined || v.iat !== undefined) args.push(v.exp === undefined ? 'undefined' : 'exp');
      if (v.iat !== undefined) args.push('iat');
      if (v.exp !== undefined) lines.push(`const exp = ${v.exp}; // ${expNote(v, (s) => `Math.floor(Date.now() / 1000) + ${s}`)}`);
      if (v.iat !== undefined) lines.push(`const iat = ${v.iat}; // ${iso(v.iat)}; for "now": Math.floor(Date.now() / 1000)`);
      return `// npm install stream-chat
import { StreamChat } from 'stream-chat';

const serverClient = StreamChat.getInstance(process.env.STREAM_KEY, process.env.STREAM_SECRET);
${lines.join('\n')}${lines.length ? '\n' : ''}${noClaims(v, '//')}const token = serverClient.createToken(${args.join(', ')});
`;
    },
  },
  {
    id: 'python',
    name: 'Python',
    code(v) {
      const claims = hasClaims(v.claims) ? Object.keys(v.claims) : [];
      const clash = PY_PARAMS.find((p) => claims.includes(p));
      const imports = ['import os'];
      if (v.exp !== undefined || v.iat !== undefined) imports.push('import time  # for "now" below');
      if (clash) imports.push('\nimport jwt  # PyJWT, which stream-chat installs');
      const notes = [];
      if (v.exp !== undefined) notes.push(`# exp: ${expNote(v, (s) => `int(time.time()) + ${s}`)}`);
      if (v.iat !== undefined) notes.push(`# iat: ${iso(v.iat)}; for "now": int(time.time())`);
      if (claims.length || /[^\x00-\x7f]/.test(v.userId)) {
        notes.push('# stream_chat writes extra claims before user_id and escapes non-ASCII characters,\n# so its token string differs from this page\'s; the claims are the same.');
      }
      let call;
      if (clash) {
        // The SDK's own payload, signed the way create_token signs it.
        const payload = ['**claims', `"user_id": ${pyGo(v.userId)}`];
        if (v.exp !== undefined) payload.push(`"exp": ${v.exp}`);
        if (v.iat !== undefined) payload.push(`"iat": ${v.iat}`);
        notes.push(`# create_token takes extra claims as keyword arguments, and "${clash}" is one of its own\n# parameters: this signs the payload create_token would, with the same library.`);
        call = `payload = {${payload.join(', ')}}\ntoken = jwt.encode(payload, os.environ["STREAM_SECRET"], algorithm="HS256")`;
      } else {
        const args = [pyGo(v.userId)];
        if (v.exp !== undefined) args.push(`exp=${v.exp}`);
        if (v.iat !== undefined) args.push(`iat=${v.iat}`);
        if (claims.length) args.push('**claims');
        call = `token = client.create_token(${args.join(', ')})`;
      }
      return `# pip install stream-chat
${imports.join('\n')}
from stream_chat import StreamChat

client = StreamChat(api_key=os.environ["STREAM_KEY"], api_secret=os.environ["STREAM_SECRET"])
${notes.join('\n')}${notes.length ? '\n' : ''}${claims.length ? `claims = ${py(v.claims)}\n` : ''}${call}
`;
    },
  },
  {
    id: 'go',
    name: 'Go',
    code(v) {
      const args = [pyGo(v.userId), v.exp === undefined ? 'time.Time{}' : `time.Unix(${v.exp}, 0)`];
      if (v.iat !== undefined) args.push(`time.Unix(${v.iat}, 0)`);
      const notes = [];
      if (v.exp === undefined) notes.push('// time.Time{} (the zero time) means no exp claim.');
      else notes.push(`// exp: ${expNote(v, (s) => `time.Now().Add(${goDuration(s)})`)}`);
      if (v.iat !== undefined) notes.push(`// iat: ${iso(v.iat)}; for "now": time.Now()`);
      if (v.exp !== undefined || v.iat !== undefined || /[<>&\u2028\u2029]/.test(v.userId)) {
        notes.push('// stream-chat-go writes the payload keys in alphabetical order (and escapes <, > and &),\n// so its token string differs from this page\'s; the claims are the same.');
      }
      return `// go get github.com/GetStream/stream-chat-go/v8
package main

import (
	"fmt"
	"time"

	stream "github.com/GetStream/stream-chat-go/v8"
)

func main() {
	// Reads STREAM_KEY and STREAM_SECRET from the environment.
	client, err := stream.NewClientFromEnvVars()
	if err != nil {
		panic(err)
	}
${indent(notes.join('\n') + (notes.length ? '\n' : '') + noClaims(v, '//'), '\t')}	token, err := client.CreateToken(${args.join(', ')})
	if err != nil {
		panic(err)
	}
	fmt.Println(token)
}
`;
    },
  },
  {
    id: 'ruby',
    name: 'Ruby',
    code(v) {
      const args = [rb(v.userId)];
      if (v.exp !== undefined || v.iat !== undefined) args.push(v.exp === undefined ? 'nil' : String(v.exp));
      if (v.iat !== undefined) args.push(String(v.iat));
      const notes = [];
      if (v.exp !== undefined) notes.push(`# exp: ${expNote(v, (s) => `Time.now.to_i + ${s}`)}`);
      if (v.iat !== undefined) notes.push(`# iat: ${iso(v.iat)}; for "now": Time.now.to_i`);
      notes.push('# ruby-jwt writes the header as {"alg":"HS256"} (no typ), so the token string differs\n# from this page\'s; the claims are the same.');
      return `# gem install stream-chat-ruby
require 'stream-chat'

client = StreamChat::Client.new(ENV.fetch('STREAM_KEY'), ENV.fetch('STREAM_SECRET'))
${notes.join('\n')}
${noClaims(v, '#')}token = client.create_token(${args.join(', ')})
`;
    },
  },
  {
    id: 'php',
    name: 'PHP',
    code(v) {
      const args = [php(v.userId)];
      if (v.exp !== undefined || v.iat !== undefined) args.push(v.exp === undefined ? 'null' : String(v.exp));
      if (v.iat !== undefined) args.push(String(v.iat));
      const notes = [];
      if (v.exp !== undefined) notes.push(`// exp: ${expNote(v, (s) => `time() + ${s}`)}`);
      if (v.iat !== undefined) notes.push(`// iat: ${iso(v.iat)}; for "now": time()`);
      if (/[^\x20-\x7e]|\//.test(v.userId)) notes.push('// PHP\'s json_encode escapes "/" and non-ASCII characters, so the token string differs\n// from this page\'s; the claims are the same.');
      return `<?php
// composer require get-stream/stream-chat
require 'vendor/autoload.php';

$client = new GetStream\\StreamChat\\Client(getenv('STREAM_KEY'), getenv('STREAM_SECRET'));
${notes.join('\n')}${notes.length ? '\n' : ''}${noClaims(v, '//')}$token = $client->createToken(${args.join(', ')});
`;
    },
  },
  {
    id: 'java',
    name: 'Java',
    code(v) {
      const date = (t) => (t === undefined ? 'null' : `new Date(${t}L * 1000)`);
      const notes = [];
      if (v.exp !== undefined) notes.push(`// exp: ${expNote(v, (s) => `new Date(System.currentTimeMillis() + ${s}_000L)`)}`);
      if (v.iat !== undefined) notes.push(`// iat: ${iso(v.iat)}; for "now": new Date()`);
      else notes.push('// This SDK cannot leave iat out: given null, it writes "now minus 5 seconds".');
      notes.push('// stream-chat-java also adds iss and sub ("Stream Chat Java SDK") and writes the header as {"alg":"HS256"},');
      notes.push('// so its token string differs from this page\'s; user_id, exp and iat are the same.');
      notes.push('// Its JWT library refuses an API secret shorter than 32 bytes (256 bits): WeakKeyException.');
      return `// Maven: io.getstream:stream-chat-java
import io.getstream.chat.java.models.User;
import java.util.Date;

public class MakeToken {
  public static void main(String[] args) {
    // The default client reads STREAM_KEY and STREAM_SECRET from the environment.
${indent(notes.join('\n') + '\n' + noClaims(v, '//'), '    ')}    String token = User.createToken(${cLike(v.userId)}, ${date(v.exp)}, ${date(v.iat)});
    System.out.println(token);
  }
}
`;
    },
  },
  {
    id: 'csharp',
    name: 'C#',
    code(v) {
      const at = (t) => (t === undefined ? 'null' : `DateTimeOffset.FromUnixTimeSeconds(${t})`);
      const notes = [];
      if (v.exp !== undefined) notes.push(`// exp: ${expNote(v, (s) => `DateTimeOffset.UtcNow.AddSeconds(${s})`)}`);
      if (v.iat !== undefined) notes.push(`// iat: ${iso(v.iat)}; for "now": DateTimeOffset.UtcNow`);
      notes.push('// stream-chat-net writes the header as {"typ":"JWT","alg":"HS256"}, so its token string differs');
      notes.push('// from this page\'s; the claims are the same.');
      notes.push('// It casts exp and iat to a 32-bit int: a date after 2038-01-19T03:14:07Z overflows to a wrong one.');
      for (const [name, t] of [['exp', v.exp], ['iat', v.iat]]) {
        if (t > INT32_MAX) notes.push(`// This ${name} (${iso(t)}) is after that date: the SDK would write a wrong ${name}.`);
      }
      return `// dotnet add package stream-chat-net
using StreamChat.Clients;

var factory = new StreamClientFactory(
    Environment.GetEnvironmentVariable("STREAM_KEY"),
    Environment.GetEnvironmentVariable("STREAM_SECRET"));
var userClient = factory.GetUserClient();
${notes.join('\n')}
${noClaims(v, '//')}var token = userClient.CreateToken(${cLike(v.userId)}, expiration: ${at(v.exp)}, issuedAt: ${at(v.iat)});
Console.WriteLine(token);
`;
    },
  },
];

const INT32_MAX = 2 ** 31 - 1;

function indent(text, prefix) {
  return text.replace(/^(?=.)/gm, prefix);
}

function goDuration(seconds) {
  return seconds % 3600 === 0 ? `${seconds / 3600} * time.Hour` : `${seconds} * time.Second`;
}

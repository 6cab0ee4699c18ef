// Server-side code that makes the page's token with Stream's official server SDKs.
// Each function gets { userId, exp, iat, claims, expLabel } (exp/iat: unix seconds or
// undefined; claims: an object or undefined) and returns the snippet as plain text.
// `iso` (unix seconds as an ISO UTC date) also serves main.js's date display.
// The secret is never an argument: every snippet reads it from the environment.

export const iso = (t) => new Date(t * 1000).toISOString().replace('.000Z', 'Z');
const q = (s) => JSON.stringify(s); // a double-quoted literal valid in JS, Python, Go, Java and C#
const sq = (s) => `'${s.replace(/[\\']/g, '\\$&')}'`; // single-quoted (Ruby, PHP)
const hasClaims = (c) => c && Object.keys(c).length > 0;

/** The exp comment: its date, and for a preset the code for "that long from now". */
function expNote(v, fromNow) {
  return v.expSeconds ? `${iso(v.exp)}; for "${v.expLabel} from now": ${fromNow(v.expSeconds)}` : iso(v.exp);
}

/** "Cannot add extra claims" comment for SDKs whose createToken takes none. */
function noClaims(v, comment) {
  return hasClaims(v.claims) ? `${comment} This SDK cannot add extra claims to a user token: ${JSON.stringify(v.claims)} is left out.\n` : '';
}

/** Python literal for a JSON value. */
function py(value) {
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (Array.isArray(value)) return `[${value.map(py).join(', ')}]`;
  if (typeof value === 'object') return `{${Object.entries(value).map(([k, x]) => `${q(k)}: ${py(x)}`).join(', ')}}`;
  return JSON.stringify(value);
}

export const LANGUAGES = [
  {
    id: 'node',
    name: 'Node',
    code(v) {
      const args = [q(v.userId)];
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
      const args = [q(v.userId)];
      if (v.exp !== undefined) args.push(`exp=${v.exp}`);
      if (v.iat !== undefined) args.push(`iat=${v.iat}`);
      if (hasClaims(v.claims)) args.push(`**${py(v.claims)}`);
      const notes = [];
      if (v.exp !== undefined) notes.push(`# exp: ${expNote(v, (s) => `int(time.time()) + ${s}`)}`);
      if (v.iat !== undefined) notes.push(`# iat: ${iso(v.iat)}; for "now": int(time.time())`);
      if (hasClaims(v.claims) || /[^\x00-\x7f]/.test(v.userId)) {
        notes.push('# stream_chat writes extra claims before user_id and escapes non-ASCII characters,\n# so its token string differs from this page\'s; the claims are the same.');
      }
      return `# pip install stream-chat
import os
from stream_chat import StreamChat

client = StreamChat(api_key=os.environ["STREAM_KEY"], api_secret=os.environ["STREAM_SECRET"])
${notes.join('\n')}${notes.length ? '\n' : ''}token = client.create_token(${args.join(', ')})
`;
    },
  },
  {
    id: 'go',
    name: 'Go',
    code(v) {
      const args = [q(v.userId), v.exp === undefined ? 'time.Time{}' : `time.Unix(${v.exp}, 0)`];
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
      const args = [sq(v.userId)];
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
      const args = [sq(v.userId)];
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
      return `// Maven: io.getstream:stream-chat-java
import io.getstream.chat.java.models.User;
import java.util.Date;

public class MakeToken {
  public static void main(String[] args) {
    // The default client reads STREAM_KEY and STREAM_SECRET from the environment.
${indent(notes.join('\n') + '\n' + noClaims(v, '//'), '    ')}    String token = User.createToken(${q(v.userId)}, ${date(v.exp)}, ${date(v.iat)});
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
      return `// dotnet add package stream-chat-net
using StreamChat.Clients;

var factory = new StreamClientFactory(
    Environment.GetEnvironmentVariable("STREAM_KEY"),
    Environment.GetEnvironmentVariable("STREAM_SECRET"));
var userClient = factory.GetUserClient();
${notes.join('\n')}
${noClaims(v, '//')}var token = userClient.CreateToken(${q(v.userId)}, expiration: ${at(v.exp)}, issuedAt: ${at(v.iat)});
Console.WriteLine(token);
`;
    },
  },
];

function indent(text, prefix) {
  return text.replace(/^(?=.)/gm, prefix);
}

function goDuration(seconds) {
  return seconds % 3600 === 0 ? `${seconds / 3600} * time.Hour` : `${seconds} * time.Second`;
}

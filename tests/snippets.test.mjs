// The page's server-code snippets (www/snippets.js) with hostile values: no user ID, claim
// name or claim value can end a string or a comment, or start code, in any of the seven
// languages, and none hides in the code as an invisible character.
//
// - Every language: a lexer with that language's rules (line ends that end a comment, PHP's
//   ?>, string escapes, Ruby's and PHP's interpolation, Java's \uXXXX translation) checks
//   that the marker word INJECTED never lands in code, decodes every string literal with
//   the language's own escape rules (the user ID must come back exactly), and reads the
//   extra claims back from the "left out" comment.
// - Node: each snippet runs, importing the real stream-chat (a dev dependency): the token it
//   makes is the page's token, and no injected code runs.
// - Python (python3): each snippet is parsed with ast.parse and run against stand-ins with
//   stream-chat's own create_token signature (tests/fixtures/page/python_stubs.py).
// - Java (javac, java): each snippet is compiled against a stand-in User class with the SDK's
//   createToken signature (tests/fixtures/page/java/) and run.
// Go, Ruby, PHP and C# have no compiler here: the lexer is their test.
//
// SNIPPETS_MODULE=path runs the tests against another copy of snippets.js (e.g. an old one).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createToken, decodeToken } from 'tokenkit';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const fixtures = join(root, 'tests', 'fixtures', 'page');
const { LANGUAGES } = await import(pathToFileURL(process.env.SNIPPETS_MODULE ?? join(root, 'www', 'snippets.js')).href);
const code = (id, values) => LANGUAGES.find((l) => l.id === id).code(values);

// ---------- the values

const RAN = 'INJECTED CODE RAN';
const IAT = 1700000000;
/** Pieces that end a string or a comment, start interpolation or a PHP block, or hide. */
const BREAKERS = [
  '"', "'", '`', '\\', '\\"', "\\'", '\n', '\r', '\r\n', '\u2028', '\u2029', '\u0085', '\u000b', '\f',
  '*/', '/*', '?>', '<?php', '%>', '#{', '#$x', '#@x', '${', '$x', '{$x}', '\\u000a', '\\u0022', '\\u005c',
  '\u0000', '\u001b', '\u007f', '\u202E', '\u202A', '\u2066', '\u2069', '\u200B', '\u200F', '\uFEFF',
  '\u00AD', '\u061C', '\u180E', '\u2060', '\u2064', '\u{E0041}', '\u00A0', '\u3000', '\u{1F642}',
];
const CASES = [
  ...BREAKERS.flatMap((b, i) => [
    { userId: `a${b} INJECTED ${b}z`, iat: IAT },
    { userId: 'john', exp: IAT + 3600, expSeconds: 3600, expLabel: '1 hour', iat: IAT, claims: { [`k${b}INJECTED`]: `v${b} INJECTED ${b}`, [`n${i}`]: [b, { [b]: b }] } },
  ]),
  // The reported attacks: U+2028 ends a JavaScript comment; ?> leaves PHP.
  { userId: 'john', iat: IAT, claims: { note: `\u2028console.log('${RAN}')//` } },
  { userId: 'john', claims: { note: `?><?php echo '${RAN}'; ?>` } },
  { userId: `x"; console.log("${RAN}"); "`, claims: { a: `"); print("${RAN}"); ("`, b: `'); print('${RAN}'); ('` } },
  { userId: `\\u000a System.out.println("${RAN}"); //`, claims: { a: `\\u000a System.out.println("${RAN}"); //` } },
  // Claim names that are not Python identifiers or are create_token's own parameter names.
  { userId: 'john', exp: 2 ** 31, iat: 2 ** 31 - 1, claims: { self: 1, 'not an identifier': 2, class: 3, 'user-id': [true, null, 1.5, -7, 12345678901234567890] } },
  { userId: 'john', claims: { 'a-b': { c: 'd' } } },
  { userId: '\u202Enimda', claims: { 'user_id\u200B': 'eve' } },
  { userId: '山田 太郎 🙂', exp: IAT + 86400, iat: IAT, claims: { ключ: 'значение' } },
  { userId: 'lone \uD800 surrogate' },
  { userId: 'john' },
];

/** What must never be in a snippet as itself (a tab and a newline are Go's and everyone's layout). */
const HIDDEN = /(?! )[\p{Cc}\p{Cf}\p{Z}\p{Cs}]/u;
const wellFormed = (s) => s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
const fromJson = (value) => JSON.parse(JSON.stringify(value));

// ---------- a lexer per language

const HEX = /^[0-9a-fA-F]+$/;
const fail = (msg) => {
  throw new Error(msg);
};

/** Reads `n` hex digits at `i` of `s` as a number, or fails. */
function hexAt(s, i, n, lang) {
  const h = s.slice(i, i + n);
  if (h.length !== n || !HEX.test(h)) fail(`${lang}: bad escape \\${s[i - 1]}${h}`);
  return parseInt(h, 16);
}

/**
 * A string literal's value under each language's rules. `body` is between the quotes.
 * Unknown escapes do what the language does: an error (Go, Java, C#), the backslash kept
 * (Python, PHP), the character alone (JavaScript, Ruby).
 */
const DECODE = {
  node(body) {
    return body.replace(/\\(u\{([0-9a-fA-F]+)\}|u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|[\s\S])/g, (_, e, cp, u4, x2) => {
      if (cp) return String.fromCodePoint(parseInt(cp, 16));
      if (u4 || x2) return String.fromCharCode(parseInt(u4 ?? x2, 16));
      if (e.startsWith('u') || e.startsWith('x')) fail(`node: bad escape \\${e}`);
      return { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', 0: '\0' }[e] ?? e;
    });
  },
  python(body) {
    let out = '';
    for (let i = 0; i < body.length; i++) {
      if (body[i] !== '\\') {
        out += body[i];
        continue;
      }
      const e = body[++i];
      const simple = { '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' }[e];
      if (simple !== undefined) out += simple;
      else if (e === 'x') (out += String.fromCharCode(hexAt(body, i + 1, 2, 'python'))), (i += 2);
      else if (e === 'u') (out += String.fromCharCode(hexAt(body, i + 1, 4, 'python'))), (i += 4);
      else if (e === 'U') (out += String.fromCodePoint(hexAt(body, i + 1, 8, 'python'))), (i += 8);
      else if (/[0-7]/.test(e)) {
        const m = /^[0-7]{1,3}/.exec(body.slice(i));
        out += String.fromCharCode(parseInt(m[0], 8));
        i += m[0].length - 1;
      } else if (e === 'N') fail('python: \\N{…} not expected');
      else out += `\\${e}`;
    }
    return out;
  },
  go(body) {
    let out = '';
    for (let i = 0; i < body.length; i++) {
      if (body[i] !== '\\') {
        out += body[i];
        continue;
      }
      const e = body[++i];
      const simple = { '\\': '\\', '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' }[e];
      let cp;
      if (simple !== undefined) out += simple;
      else if (e === 'u' || e === 'U') {
        cp = hexAt(body, i + 1, e === 'u' ? 4 : 8, 'go');
        i += e === 'u' ? 4 : 8;
        if ((cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) fail(`go: \\${e} escape of an invalid code point ${cp.toString(16)}`);
        out += String.fromCodePoint(cp);
      } else if (e === 'x') fail('go: \\x bytes not expected');
      else fail(`go: unknown escape \\${e}`);
    }
    return out;
  },
  ruby(body, quote) {
    if (quote === "'") return body.replace(/\\([\\'])/g, '$1');
    if (/(^|[^\\])(\\\\)*#[{$@]/.test(body)) fail(`ruby: interpolation in "${body}"`);
    return body.replace(/\\(u\{([0-9a-fA-F ]+)\}|u([0-9a-fA-F]{4})|[\s\S])/g, (_, e, cps, u4) => {
      if (cps) return cps.trim().split(/ +/).map((h) => String.fromCodePoint(parseInt(h, 16))).join('');
      if (u4) return String.fromCharCode(parseInt(u4, 16));
      if (e === 'u' || e === 'x' || /[0-7]/.test(e)) fail(`ruby: escape \\${e} not expected`);
      return { a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', s: ' ', t: '\t', v: '\v' }[e] ?? e;
    });
  },
  php(body, quote) {
    if (quote === "'") return body.replace(/\\([\\'])/g, '$1');
    if (/(^|[^\\])(\\\\)*(\$[A-Za-z_\u0080-\uffff{]|\{\$)/.test(body)) fail(`php: interpolation in "${body}"`);
    return body.replace(/\\(u\{([0-9a-fA-F]+)\}|[\s\S])/g, (_, e, cp) => {
      if (cp) return String.fromCodePoint(parseInt(cp, 16));
      if (e === 'u' || e === 'x' || /[0-7]/.test(e)) fail(`php: escape \\${e} not expected`);
      return { n: '\n', r: '\r', t: '\t', v: '\v', e: '\x1b', f: '\f', '\\': '\\', $: '$', '"': '"' }[e] ?? `\\${e}`;
    });
  },
  java(body) {
    // `body` is after the \uXXXX translation (javaUnicode): only these escapes remain.
    return body.replace(/\\([\s\S])/g, (_, e) => {
      const simple = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', s: ' ', '"': '"', "'": "'", '\\': '\\' }[e];
      if (simple === undefined) fail(`java: escape \\${e} not expected`);
      return simple;
    });
  },
  csharp(body) {
    let out = '';
    for (let i = 0; i < body.length; i++) {
      if (body[i] !== '\\') {
        out += body[i];
        continue;
      }
      const e = body[++i];
      const simple = { "'": "'", '"': '"', '\\': '\\', 0: '\0', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' }[e];
      if (simple !== undefined) out += simple;
      else if (e === 'u') (out += String.fromCharCode(hexAt(body, i + 1, 4, 'csharp'))), (i += 4);
      else if (e === 'U') (out += String.fromCodePoint(hexAt(body, i + 1, 8, 'csharp'))), (i += 8);
      else fail(`csharp: escape \\${e} not expected`);
    }
    return out;
  },
};

/** Java translates \uXXXX everywhere (comments too) before it reads the code (JLS 3.3). */
function javaUnicode(src) {
  let out = '';
  let slashes = 0; // contiguous raw backslashes before this one
  for (let i = 0; i < src.length; i++) {
    const m = src[i] === '\\' && slashes % 2 === 0 ? /^\\u+([0-9a-fA-F]{4})/.exec(src.slice(i)) : null;
    if (m) {
      out += String.fromCharCode(parseInt(m[1], 16));
      i += m[0].length - 1;
      slashes = 0;
    } else {
      out += src[i];
      slashes = src[i] === '\\' ? slashes + 1 : 0;
    }
  }
  return out;
}

/** Each language: where line comments start, what ends them, the string quotes. */
const SYNTAX = {
  node: { line: ['//'], block: true, lineEnd: /[\n\r\u2028\u2029]/, quotes: `"'\`` },
  python: { line: ['#'], lineEnd: /[\n\r]/, quotes: `"'` },
  go: { line: ['//'], block: true, lineEnd: /\n/, quotes: `"'\`` },
  ruby: { line: ['#'], lineEnd: /\n/, quotes: `"'` },
  php: { line: ['//', '#'], block: true, lineEnd: /[\n\r]|\?>/, quotes: `"'` },
  java: { line: ['//'], block: true, lineEnd: /[\n\r]/, quotes: `"'`, pre: javaUnicode },
  csharp: { line: ['//'], block: true, lineEnd: /[\n\r\u0085\u2028\u2029]/, quotes: `"'` },
};

/**
 * Splits a snippet into code, comments and string literals (decoded). Fails on an
 * unterminated literal, a line end inside one, a block comment, or (PHP) a ?> anywhere
 * outside a string: after it, the rest would be output, not code.
 */
function lex(lang, source) {
  const syntax = SYNTAX[lang];
  const src = syntax.pre ? syntax.pre(source) : source;
  let i = lang === 'php' ? (src.startsWith('<?php\n') ? 6 : fail('php: no <?php')) : 0;
  let code = '';
  const comments = [];
  const strings = [];
  while (i < src.length) {
    const rest = src.slice(i);
    const line = syntax.line.find((s) => rest.startsWith(s));
    if (line) {
      const m = syntax.lineEnd.exec(rest);
      const end = m ? m.index : rest.length;
      comments.push(rest.slice(0, end));
      if (m?.[0] === '?>') fail(`php: ?> ends the comment and PHP: ${rest.slice(0, end + 2)}`);
      code += ' ';
      i += end;
    } else if (syntax.block && rest.startsWith('/*')) {
      fail(`${lang}: a block comment starts in the code: ${rest.slice(0, 40)}`);
    } else if (syntax.quotes.includes(src[i])) {
      const quote = src[i];
      let j = i + 1;
      while (j < src.length && src[j] !== quote) {
        if (src[j] === '\\') j++;
        else if (/[\n\r]/.test(src[j])) fail(`${lang}: a line end inside a string: ${src.slice(i, j)}`);
        j++;
      }
      if (j >= src.length) fail(`${lang}: unterminated string ${src.slice(i, i + 40)}`);
      strings.push(DECODE[lang](src.slice(i + 1, j), quote));
      code += ' "" ';
      i = j + 1;
    } else {
      if (lang === 'php' && rest.startsWith('?>')) fail('php: ?> in the code');
      code += src[i++];
    }
  }
  return { code, comments, strings };
}

/** The extra claims as the "left out" comment gives them. */
function leftOut(source) {
  const m = /cannot add extra claims to a user token: (.*) is left out\./.exec(source);
  return m && JSON.parse(m[1]);
}

// ---------- the tests

for (const { id, name } of LANGUAGES) {
  test(`${name}: hostile values stay inside their strings and comments, hide nothing and come back exactly`, () => {
    for (const values of CASES) {
      const source = code(id, values);
      const where = `${name} snippet for ${JSON.stringify(values)}:\n${source}`;
      const raw = [...source.replace(/[\n\t]/g, '')].filter((c) => HIDDEN.test(c)).map((c) => `U+${c.codePointAt(0).toString(16).toUpperCase()}`);
      assert.deepEqual(raw, [], `no hidden character as itself in the ${where}`);
      let lexed;
      try {
        lexed = lex(id, source);
      } catch (e) {
        assert.fail(`${e.message}\nin the ${where}`);
      }
      assert.doesNotMatch(lexed.code, /INJECTED/, `nothing a visitor typed is code in the ${where}`);
      assert.ok(lexed.strings.includes(wellFormed(values.userId)), `the user ID comes back from a literal in the ${where}\n${JSON.stringify(lexed.strings)}`);
      const claims = leftOut(source);
      if (claims) assert.deepEqual(claims, fromJson(values.claims), `the left-out claims read back in the ${where}`);
      if (id === 'python' && values.claims) {
        for (const [k, v] of Object.entries(values.claims)) {
          assert.ok(lexed.strings.includes(wellFormed(k)), `claim name ${JSON.stringify(k)} in the ${where}`);
          if (typeof v === 'string') assert.ok(lexed.strings.includes(wellFormed(v)), `claim value ${JSON.stringify(v)} in the ${where}`);
        }
      }
    }
  });
}

/** A fresh folder under tests/.artifacts (git-ignored), removed after the test. */
function scratch(t, prefix) {
  const base = join(root, 'tests', '.artifacts');
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(join(base, prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const has = (cmd) => spawnSync(cmd, ['--version'], { stdio: 'ignore' }).status === 0 || spawnSync(cmd, ['-version'], { stdio: 'ignore' }).status === 0;

test('Node: every snippet runs with stream-chat and makes the page\'s token; no injected code runs', (t) => {
  const dir = scratch(t, 'node-snippets-');
  const files = CASES.map((values, i) => {
    const file = join(dir, `snippet-${i}.mjs`);
    writeFileSync(file, `${code('node', values)}export { token };\n`);
    return pathToFileURL(file).href;
  });
  const runner = join(dir, 'run.mjs');
  writeFileSync(
    runner,
    `const out = [];
for (const f of ${JSON.stringify(files)}) {
  try { out.push({ token: (await import(f)).token }); } catch (e) { out.push({ error: String(e) }); }
}
console.log('RESULTS ' + JSON.stringify(out));\n`,
  );
  const run = spawnSync(process.execPath, [runner], { cwd: root, encoding: 'utf8', env: { ...process.env, STREAM_KEY: 'key', STREAM_SECRET: 'node-secret' } });
  assert.equal(run.status, 0, run.stderr);
  assert.ok(!run.stdout.includes(RAN), `injected code ran:\n${run.stdout}`);
  const results = JSON.parse(/^RESULTS (.*)$/m.exec(run.stdout)[1]);
  CASES.forEach((values, i) => {
    const where = `${JSON.stringify(values)}:\n${code('node', values)}`;
    assert.equal(results[i].error, undefined, `${results[i].error} for ${where}`);
    const { exp, iat } = values;
    const payload = decodeToken(results[i].token).payload;
    assert.deepEqual(payload, fromJson({ user_id: wellFormed(values.userId), exp, iat }), where);
    if (wellFormed(values.userId) === values.userId) assert.equal(results[i].token, createToken('node-secret', values.userId, { exp, iat }), `byte-identical to the page's token for ${where}`);
  });
});

test('Python: every snippet parses and runs with create_token\'s own signature (or PyJWT), signing the page\'s claims', (t) => {
  if (!has('python3')) return t.skip('python3 is not installed');
  const sources = CASES.map((values) => code('python', values));
  const run = spawnSync('python3', [join(fixtures, 'python_stubs.py')], { input: JSON.stringify(sources), encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const results = JSON.parse(run.stdout);
  CASES.forEach((values, i) => {
    const where = `${JSON.stringify(values)}:\n${sources[i]}`;
    const r = results[i];
    assert.equal(r.error, undefined, `${r.error} for ${where}`);
    assert.ok(!r.printed.includes(RAN), `injected code ran for ${where}`);
    assert.equal(r.secret, 'python-secret', where);
    const expected = { ...fromJson(values.claims ?? {}), user_id: wellFormed(values.userId) };
    if (values.exp !== undefined) expected.exp = values.exp;
    if (values.iat !== undefined) expected.iat = values.iat;
    assert.deepEqual(r.payload, expected, where);
    if (r.how === 'jwt.encode') assert.equal(r.algorithm, 'HS256');
    if (values.claims && 'self' in values.claims) assert.equal(r.how, 'jwt.encode', 'a claim named self cannot go through create_token');
    else assert.equal(r.how, 'create_token', where);
    // Whatever a comment uses, the snippet imports.
    if (/\btime\.time\(\)/.test(sources[i])) assert.match(sources[i], /^import time\b/m, where);
  });
});

test('Java: every snippet compiles against the SDK\'s createToken signature and passes the user ID, exp and iat through', (t) => {
  if (!has('javac') || !has('java')) return t.skip('javac and java are not installed');
  const dir = scratch(t, 'java-snippets-');
  const names = CASES.map((values, i) => {
    const source = code('java', values);
    assert.match(source, /^public class MakeToken \{$/m);
    writeFileSync(join(dir, `MakeToken${i}.java`), source.replace(/^public class MakeToken \{$/m, `public class MakeToken${i} {`));
    return `MakeToken${i}`;
  });
  const out = join(dir, 'classes');
  const javac = spawnSync('javac', ['-encoding', 'UTF-8', '-nowarn', '-d', out, join(fixtures, 'java', 'io', 'getstream', 'chat', 'java', 'models', 'User.java'), join(fixtures, 'java', 'Runner.java'), ...names.map((n) => join(dir, `${n}.java`))], { encoding: 'utf8' });
  assert.equal(javac.status, 0, javac.stderr);
  const java = spawnSync('java', ['-Dfile.encoding=UTF-8', '-cp', out, 'Runner', ...names], { encoding: 'utf8' });
  assert.equal(java.status, 0, java.stderr);
  assert.ok(!java.stdout.includes(RAN), `injected code ran:\n${java.stdout}`);
  const printed = java.stdout.split('\n=== ').map((block) => block.replace(/^=== /, '').split('\n'));
  CASES.forEach((values, i) => {
    const [name, line, ...more] = printed[i];
    assert.equal(name, names[i]);
    assert.deepEqual(more.filter(Boolean), [], `one line printed by ${name}`);
    const got = JSON.parse(line);
    const where = `${JSON.stringify(values)}:\n${code('java', values)}`;
    assert.equal(String.fromCharCode(...got.user_id), wellFormed(values.userId), where);
    assert.equal(got.exp, values.exp ?? null, where);
    assert.equal(got.iat, values.iat ?? null, where);
  });
});

test('SDK notes: Java needs a 32-byte secret, C# overflows after 2038-01-19T03:14:07Z, Python imports time for its "now"', () => {
  const java = code('java', { userId: 'john', iat: IAT });
  assert.match(java, /^ {4}\/\/ .*at least 32 bytes|^ {4}\/\/ .*shorter than 32 bytes/m);
  const csharp = (values) => code('csharp', { userId: 'john', ...values });
  assert.match(csharp({ iat: IAT }), /^\/\/ .*2038-01-19T03:14:07Z/m, 'always said');
  assert.doesNotMatch(csharp({ iat: IAT, exp: 2 ** 31 - 1 }), /This exp/);
  assert.match(csharp({ iat: IAT, exp: 2 ** 31 }), /^\/\/ This exp \(2038-01-19T03:14:08Z\) is after that date/m);
  assert.match(csharp({ iat: 2 ** 31 }), /^\/\/ This iat \(2038-01-19T03:14:08Z\) is after that date/m);
  const python = code('python', { userId: 'john', iat: IAT, exp: IAT + 60, expSeconds: 60, expLabel: '1 minute' });
  assert.match(python, /int\(time\.time\(\)\)/);
  assert.match(python, /^import time\b/m);
  assert.doesNotMatch(code('python', { userId: 'john' }), /time/);
  const self = code('python', { userId: 'john', claims: { self: 1 } });
  assert.doesNotMatch(self, /create_token\(/, 'no create_token call for a claim named self');
  assert.match(self, /^import jwt\b/m);
});

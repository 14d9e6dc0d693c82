// services[].scripts: the browser's script hold makes the core's patterns
// absolute with the browser's own URL parser (web/src/bridges/script-hold.js)
// and hands them back; the core only compares (tests/core/script_urls_test.cpp).
// A pattern must come out as the browser writes a script's src, or the
// core's plain comparison would miss the very script it names.
const test = require('node:test');
const assert = require('node:assert/strict');
const { loadWeb } = require('./load.cjs');

const { absoluteScriptPatterns } = loadWeb('bridges/script-hold.js');

test("a pattern is resolved against the config's URL and written as the browser writes URLs, a trailing * kept", () => {
  const base = 'https://Shop.Example/a/b/config.json?x=1#top';
  const cases = [
    // pattern, absolute form
    ['https://CDN.Example.COM/lib.js', 'https://cdn.example.com/lib.js'], // host in lower case
    ['HTTPS://cdn.example.com/Lib.js', 'https://cdn.example.com/Lib.js'], // the path keeps its case
    ['https://cdn.example.com:443/x.js', 'https://cdn.example.com/x.js'], // no default port
    ['http://cdn.example.com:80/x.js', 'http://cdn.example.com/x.js'],
    ['https://cdn.example.com:8443/x.js', 'https://cdn.example.com:8443/x.js'],
    ['https://cdn.example.com', 'https://cdn.example.com/'], // an empty path is "/"
    ['https://cdn.example.com?v=1', 'https://cdn.example.com/?v=1'],
    ['https://cdn.example.com/a/./b/../c.js', 'https://cdn.example.com/a/c.js'],
    ['https://cdn.example.com/lib/v2/..', 'https://cdn.example.com/lib/'], // a folder, as a prefix wants it
    ['https://cdn.example.com/lib/.', 'https://cdn.example.com/lib/'],
    ['//cdn.example.com/x.js', 'https://cdn.example.com/x.js'], // the config's scheme
    ['/js/x.js', 'https://shop.example/js/x.js'], // the config's origin
    ['x.js', 'https://shop.example/a/b/x.js'], // the config's folder
    ['./x.js', 'https://shop.example/a/b/x.js'],
    ['../x.js', 'https://shop.example/a/x.js'],
    ['../../../../x.js', 'https://shop.example/x.js'],
    ['?y=2', 'https://shop.example/a/b/config.json?y=2'],
    ['data:text/javascript,1', 'data:text/javascript,1'], // not http(s): as written
  ];
  assert.deepEqual(
    absoluteScriptPatterns(cases.map(([pattern]) => pattern), base),
    cases.map(([, absolute]) => absolute),
  );
  assert.deepEqual(
    absoluteScriptPatterns(cases.map(([pattern]) => `${pattern}*`), base),
    cases.map(([, absolute]) => `${absolute}*`),
    'a prefix: the part before * resolved, the * kept',
  );
  assert.deepEqual(absoluteScriptPatterns(['x.js'], 'https://shop.example'), ['https://shop.example/x.js']);
});

test('the patterns come back in their order, one for one, so that the first service still wins', () => {
  const patterns = ['https://www.googletagmanager.com/gtag/js*', '/js/stats.js', 'widgets/*'];
  assert.deepEqual(absoluteScriptPatterns(patterns, 'https://shop.example/assent/assent.config.json?v=3'), [
    'https://www.googletagmanager.com/gtag/js*',
    'https://shop.example/js/stats.js',
    'https://shop.example/assent/widgets/*',
  ]);
  assert.deepEqual(absoluteScriptPatterns([], 'https://shop.example/'), []);
});

test('a pattern the browser cannot parse comes back empty, which the core lets claim no script', () => {
  assert.deepEqual(absoluteScriptPatterns(['https://[bad/x.js*', 'https://cdn.example.com/x.js'], 'https://shop.example/'), [
    '',
    'https://cdn.example.com/x.js',
  ]);
});

// A stand-in for the WeChat mini-program platform that follows its documented
// rules strictly, so that a shell breaking one of them fails here:
//   storage    wx.setStorageSync: 1 MB a key, 10 MB in all (a value counted as
//              the UTF-8 bytes of its JSON form plus the key)
//   network    wx.request: HTTPS to an allow-listed origin only, 10 at once;
//              the allow-listed origin is routed to a real local server
//   wasm       WXWebAssembly.instantiate(path, imports): a path inside the code
//              package ending in .wasm or .wasm.br, never a URL or bytes
//   privacy    privacy APIs wait for wx.onNeedPrivacyAuthorization's resolve;
//              "agree" needs the id of an agreePrivacyAuthorization button
//              that was really tapped
//   scopes     wx.authorize on a scope the person refused fails at once,
//              without a dialog; wx.openSetting only inside a tap
//   messages   wx.requestSubscribeMessage only inside a tap
// Every call the shell makes is logged for the tests to inspect.
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const zlib = require('node:zlib');

const ITEM_LIMIT = 1024 * 1024;
const TOTAL_LIMIT = 10 * 1024 * 1024;
const MAX_CONCURRENT_REQUESTS = 10;

const byteSize = (key, value) => Buffer.byteLength(key) + Buffer.byteLength(JSON.stringify(value));

// The host WebAssembly: the vm context the bundle runs in has none (iOS).
const HostWebAssembly = WebAssembly;

/**
 * packageDir: the code package's root. storage: a Map kept across launches.
 * route: allow-listed origin -> http://host:port of the real server.
 */
function createPlatform({
  packageDir,
  storage = new Map(),
  route = {},
  language = 'en',
  authSetting = {},
  privacyAgreed = true,
  answers = {},
} = {}) {
  const log = {
    calls: [], // [name, detail]
    requests: [], // { url, body, status | error }
    refused: [], // requests the platform refused (origin, concurrency)
    storageWrites: [],
    wasmPaths: [],
    dialogs: [], // platform dialogs actually shown to the person
  };
  const state = {
    authSetting: { ...authSetting },
    privacyAgreed,
    tapDepth: 0,
    tappedAgreeButtons: new Set(),
    inFlight: 0,
    // 'drop-before': fail without reaching the server; 'drop-after': the
    // server stores it, the answer is lost (the shell sees a failure).
    network: [],
  };
  // Scripted answers of the person in platform dialogs.
  const person = {
    authorize: answers.authorize || (() => 'deny'),
    openSetting: answers.openSetting || ((setting) => setting),
    subscribe: answers.subscribe || ((ids) => Object.fromEntries(ids.map((id) => [id, 'reject']))),
  };
  let privacyListener = null;
  const timers = new Set();
  const later = (fn) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, 0);
    timers.add(t);
  };
  const call = (name, detail) => log.calls.push([name, detail]);
  const callbacks = (options, ok, result) => {
    later(() => {
      if (ok && typeof options.success === 'function') options.success(result);
      if (!ok && typeof options.fail === 'function') options.fail(result);
      if (typeof options.complete === 'function') options.complete(result);
    });
  };
  const inTap = () => state.tapDepth > 0;

  // Runs `then` once the privacy guidelines are agreed, or fails `api` as the
  // platform does when the person disagrees.
  function withPrivacy(api, options, then) {
    if (state.privacyAgreed) return then();
    if (!privacyListener) {
      // No listener: WeChat's own pop-up; the tests always register one.
      log.dialogs.push(['privacy-platform-popup', api]);
      return callbacks(options, false, { errMsg: `${api}:fail privacy permission is not authorized` });
    }
    let answered = false;
    const resolve = ({ event, buttonId } = {}) => {
      if (event === 'exposureAuthorization') return;
      if (answered) throw new Error('resolve called twice');
      answered = true;
      if (event === 'agree') {
        if (!buttonId || !state.tappedAgreeButtons.has(buttonId)) {
          throw new Error(`resolve({event:'agree'}) without a tap on agreePrivacyAuthorization button "${buttonId}"`);
        }
        state.privacyAgreed = true;
        then();
      } else {
        callbacks(options, false, { errMsg: `${api}:fail privacy permission is not authorized` });
      }
    };
    privacyListener(resolve, { referrer: api });
  }

  const wx = {
    // ---- storage
    getStorageSync(key) {
      call('getStorageSync', key);
      return storage.has(key) ? JSON.parse(storage.get(key)) : '';
    },
    setStorageSync(key, value) {
      call('setStorageSync', key);
      if (typeof key !== 'string' || !key) throw new Error('setStorageSync:fail parameter error: key must be a string');
      if (byteSize(key, value) > ITEM_LIMIT) throw new Error('setStorageSync:fail exceed storage item max length');
      let total = 0;
      for (const [k, v] of storage) if (k !== key) total += Buffer.byteLength(k) + Buffer.byteLength(v);
      if (total + byteSize(key, value) > TOTAL_LIMIT) throw new Error('setStorageSync:fail exceed storage max size 10Mb');
      storage.set(key, JSON.stringify(value));
      log.storageWrites.push(key);
    },
    removeStorageSync(key) {
      call('removeStorageSync', key);
      storage.delete(key);
    },
    clearStorageSync() {
      call('clearStorageSync');
      storage.clear();
    },
    getStorageInfoSync() {
      let bytes = 0;
      for (const [k, v] of storage) bytes += Buffer.byteLength(k) + Buffer.byteLength(v);
      return { keys: [...storage.keys()], currentSize: Math.ceil(bytes / 1024), limitSize: TOTAL_LIMIT / 1024 };
    },

    // ---- network
    request(options) {
      const { url, method = 'GET', data, header = {}, dataType = 'json' } = options;
      call('request', url);
      const match = /^(https:\/\/[^/?#]+)(\/[^?#]*)?/.exec(url || '');
      const target = match && route[match[1]];
      const body = typeof data === 'string' ? data : data === undefined ? '' : JSON.stringify(data);
      if (!target) {
        log.refused.push({ url, body, why: 'not in domain list' });
        return callbacks(options, false, { errMsg: 'request:fail url not in domain list' });
      }
      if (state.inFlight >= MAX_CONCURRENT_REQUESTS) {
        log.refused.push({ url, body, why: 'too many at once' });
        return callbacks(options, false, { errMsg: 'request:fail exceed max concurrent request count' });
      }
      const entry = { url, body };
      log.requests.push(entry);
      const trouble = state.offline ? 'drop-before' : state.network.shift();
      if (trouble === 'drop-before') {
        entry.error = 'dropped';
        return callbacks(options, false, { errMsg: 'request:fail timeout' });
      }
      state.inFlight += 1;
      const real = new URL(url.slice(match[1].length) || '/', target);
      const headers = Object.assign({}, header, { 'content-type': header['content-type'] || 'application/json' });
      const req = http.request(real, { method, headers }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () => {
          state.inFlight -= 1;
          entry.status = res.statusCode;
          if (trouble === 'drop-after') {
            entry.error = 'answer lost';
            return callbacks(options, false, { errMsg: 'request:fail timeout' });
          }
          let parsed = text;
          if (dataType === 'json') {
            try {
              parsed = JSON.parse(text);
            } catch (_) {
              parsed = text;
            }
          }
          callbacks(options, true, { data: parsed, statusCode: res.statusCode, header: res.headers, cookies: [], errMsg: 'request:ok' });
        });
      });
      req.on('error', (error) => {
        state.inFlight -= 1;
        entry.error = error.message;
        callbacks(options, false, { errMsg: `request:fail ${error.message}` });
      });
      req.end(body);
      return { abort() {} };
    },

    // ---- system
    getRandomValues(options) {
      call('getRandomValues', options.length);
      const bytes = crypto.randomBytes(options.length);
      callbacks(options, true, { randomValues: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length), errMsg: 'getRandomValues:ok' });
    },
    getAppBaseInfo() {
      return { SDKVersion: '3.4.0', language, theme: 'light', enableDebug: false, host: { appId: '' } };
    },
    getSystemInfoSync() {
      return { SDKVersion: '3.4.0', language, platform: 'ios' };
    },
    navigateTo(options) {
      call('navigateTo', options.url);
      callbacks(options, true, { errMsg: 'navigateTo:ok' });
    },
    setClipboardData(options) {
      call('setClipboardData', options.data);
      callbacks(options, true, { errMsg: 'setClipboardData:ok' });
    },

    // ---- privacy
    getPrivacySetting(options) {
      call('getPrivacySetting');
      callbacks(options, true, { needAuthorization: !state.privacyAgreed, privacyContractName: '《Demo privacy guidelines》', errMsg: 'getPrivacySetting:ok' });
    },
    onNeedPrivacyAuthorization(listener) {
      call('onNeedPrivacyAuthorization');
      privacyListener = listener; // registering again replaces
    },
    requirePrivacyAuthorize(options) {
      call('requirePrivacyAuthorize');
      withPrivacy('requirePrivacyAuthorize', options, () => callbacks(options, true, { errMsg: 'requirePrivacyAuthorize:ok' }));
    },

    // ---- scopes
    getSetting(options) {
      call('getSetting');
      callbacks(options, true, { authSetting: { ...state.authSetting }, errMsg: 'getSetting:ok' });
    },
    authorize(options) {
      const { scope } = options;
      call('authorize', scope);
      withPrivacy('authorize', options, () => {
        if (state.authSetting[scope] === true) return callbacks(options, true, { errMsg: 'authorize:ok' });
        if (state.authSetting[scope] === false) {
          // Refused before: no dialog at all, straight to fail.
          return callbacks(options, false, { errMsg: 'authorize:fail auth deny' });
        }
        log.dialogs.push(['authorize', scope]);
        const said = person.authorize(scope);
        // 'fail': the request fails without an answer (WeChat's system error).
        if (said === 'fail') return callbacks(options, false, { errMsg: 'authorize:fail system error' });
        const granted = said === 'allow';
        state.authSetting[scope] = granted;
        return callbacks(options, granted, { errMsg: granted ? 'authorize:ok' : 'authorize:fail auth deny' });
      });
    },
    openSetting(options = {}) {
      call('openSetting');
      if (!inTap()) return callbacks(options, false, { errMsg: 'openSetting:fail can only be invoked by user TAP gesture.' });
      log.dialogs.push(['openSetting']);
      state.authSetting = { ...person.openSetting({ ...state.authSetting }) };
      return callbacks(options, true, { authSetting: { ...state.authSetting }, errMsg: 'openSetting:ok' });
    },
    getLocation(options) {
      call('getLocation');
      withPrivacy('getLocation', options, () => {
        if (state.authSetting['scope.userLocation'] !== true) {
          return callbacks(options, false, { errMsg: 'getLocation:fail auth deny' });
        }
        return callbacks(options, true, { latitude: 31.2304, longitude: 121.4737, accuracy: 30, errMsg: 'getLocation:ok' });
      });
    },

    // ---- marketing messages
    requestSubscribeMessage(options) {
      call('requestSubscribeMessage', options.tmplIds);
      if (!inTap()) {
        return callbacks(options, false, { errMsg: 'requestSubscribeMessage:fail can only be invoked by user TAP gesture.', errCode: 20003 });
      }
      log.dialogs.push(['requestSubscribeMessage', options.tmplIds]);
      return callbacks(options, true, { ...person.subscribe(options.tmplIds), errMsg: 'requestSubscribeMessage:ok' });
    },
  };

  const WXWebAssembly = {
    RuntimeError: HostWebAssembly.RuntimeError,
    Memory: HostWebAssembly.Memory,
    Table: HostWebAssembly.Table,
    Global: HostWebAssembly.Global,
    instantiate(file, imports) {
      log.wasmPaths.push(file);
      if (typeof file !== 'string') {
        return Promise.reject(new TypeError('WXWebAssembly.instantiate: the first argument must be a path in the code package'));
      }
      if (/^[a-z][a-z0-9+.-]*:/i.test(file)) {
        return Promise.reject(new Error('WebAssembly.instantiate: not support wxfile: or http: path'));
      }
      if (!file.startsWith('/') || !/\.wasm(\.br)?$/.test(file)) {
        return Promise.reject(new Error(`WXWebAssembly.instantiate: "${file}" is not an absolute .wasm or .wasm.br path in the package`));
      }
      const full = path.resolve(packageDir, `.${file}`);
      if (!full.startsWith(path.resolve(packageDir) + path.sep) || !fs.existsSync(full)) {
        return Promise.reject(new Error(`WXWebAssembly.instantiate: no file ${file} in the package`));
      }
      let bytes = fs.readFileSync(full);
      if (file.endsWith('.br')) bytes = zlib.brotliDecompressSync(bytes);
      return HostWebAssembly.instantiate(bytes, imports);
    },
  };

  return {
    wx,
    WXWebAssembly,
    log,
    state,
    // Runs fn as the platform runs a tap handler.
    tap(fn) {
      state.tapDepth += 1;
      try {
        return fn();
      } finally {
        state.tapDepth -= 1;
      }
    },
    // The person taps an <button open-type="agreePrivacyAuthorization" id=…>.
    tapAgreeButton(buttonId, fn) {
      state.tappedAgreeButtons.add(buttonId);
      return this.tap(fn);
    },
    // Makes the next requests fail: 'drop-before' or 'drop-after' each.
    failNextRequests(...troubles) {
      state.network.push(...troubles);
    },
    // No network at all (every request fails before it leaves), or back.
    setOffline(offline) {
      state.offline = Boolean(offline);
    },
    dispose() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
    },
  };
}

module.exports = { createPlatform, ITEM_LIMIT };

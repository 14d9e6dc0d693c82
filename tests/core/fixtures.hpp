// A small, valid site config shared by the core tests.
#pragma once

#include <cstdint>
#include <string>

#include "assent/config.hpp"
#include "assent/core.hpp"

namespace fixtures {

inline const std::string kConfig = R"({
  "siteId": "shop.example",
  "revision": 3,
  "defaultLanguage": "en",
  "purposes": [
    { "id": "necessary", "required": true },
    { "id": "analytics" },
    { "id": "marketing" },
    { "id": "ads", "saleOrShare": true, "expiresAfterDays": 90 },
    { "id": "location", "sensitive": true, "expiresAfterDays": 30 }
  ],
  "services": [
    { "id": "ga", "purpose": "analytics", "cookies": ["_ga", "_ga_*"], "storageKeys": ["ga:clientId"],
      "scripts": ["https://www.googletagmanager.com/gtag/js"] },
    { "id": "pixel", "purpose": "ads", "cookies": ["_fbp"] },
    { "id": "session", "purpose": "necessary", "cookies": ["sid"] }
  ],
  "permissions": [
    { "capability": "geolocation", "purpose": "location", "expiresAfterDays": 30 }
  ],
  "texts": {
    "en": {
      "title": "Privacy", "body": "We ask first.", "acceptAll": "Accept all", "rejectAll": "Reject all",
      "customise": "Customise", "save": "Save", "preferencesTitle": "Privacy settings",
      "links": [ { "label": "Privacy policy", "url": "/privacy" } ],
      "placeholder": { "loadOnce": "Load once", "allow": "Always allow" },
      "purposes": {
        "necessary": { "name": "Necessary", "description": "Keeps the site working." },
        "analytics": { "name": "Analytics", "description": "Counts visits." },
        "marketing": { "name": "Marketing", "description": "Measures offers." },
        "ads": { "name": "Ads", "description": "Shares data with ad partners." },
        "location": { "name": "Location", "description": "Finds the nearest shop." }
      },
      "permissions": {
        "geolocation": { "title": "Find shops near you?", "body": "We use your location once to list nearby shops.",
          "allow": "Continue", "deny": "Don't allow", "next": "Your browser will ask for your location next.",
          "blocked": "Location is blocked: allow it in your browser's site settings." }
      }
    },
    "zh-CN": {
      "title": "隐私", "body": "我们先征求您的同意。", "acceptAll": "全部接受", "rejectAll": "全部拒绝",
      "customise": "自定义", "save": "保存",
      "purposes": {
        "necessary": { "name": "必要", "description": "保证网站运行。" },
        "analytics": { "name": "统计", "description": "统计访问。" },
        "marketing": { "name": "营销", "description": "衡量优惠。" },
        "ads": { "name": "广告", "description": "与广告合作伙伴共享数据。" },
        "location": { "name": "位置", "description": "查找最近的门店。" }
      },
      "permissions": {
        "geolocation": { "title": "查找附近的门店？", "body": "我们仅使用一次您的位置来列出附近的门店。",
          "allow": "继续", "deny": "不允许", "next": "接下来浏览器会请求您的位置。",
          "blocked": "位置权限已被阻止：请在浏览器的网站设置中允许。" }
      }
    }
  },
  "tracker": {
    "collectorUrl": "/v1/events",
    "events": { "$pageview": "analytics", "$click": "analytics", "signup": "marketing", "error": "necessary" },
    "properties": { "analytics": ["tag", "n", "ok", "text", "href"], "marketing": ["plan"] },
    "identifiers": ["analytics"],
    "holdLimit": 3,
    "holdTtlMinutes": 30,
    "batchMaxEvents": 2
  }
})";

inline assent::Config config() { return assent::parseConfig(kConfig).value(); }

inline constexpr std::int64_t kDay = 24LL * 60 * 60 * 1000;
inline constexpr std::int64_t kT0 = 1700000000000;  // a fixed "now" for tests

inline constexpr const char* kSeed = "0123456789abcdef0123456789abcdef";

// A core on the fixture config, as a shell opens it.
inline assent::Core makeCore() { return assent::Core::create(kConfig, kSeed).value(); }

// A choice as a prompt reports it.
inline assent::Choice choice(assent::Method method, assent::Surface surface, std::map<std::string, bool> purposes,
                             std::string language) {
    assent::Choice c;
    c.method = method;
    c.surface = surface;
    c.purposes = std::move(purposes);
    c.language = std::move(language);
    return c;
}
inline assent::Choice acceptAll() { return choice(assent::Method::AcceptAll, assent::Surface::Banner, {}, "en"); }
inline assent::Choice rejectAll() { return choice(assent::Method::RejectAll, assent::Surface::Banner, {}, "en"); }
// Every toggle's state, as the preferences (or the banner's own toggles) send it.
inline assent::Choice custom(std::map<std::string, bool> purposes, assent::Surface surface = assent::Surface::Banner) {
    return choice(assent::Method::Custom, surface, std::move(purposes), "en");
}

// A taken batch's body, or "" when nothing was taken.
inline std::string body(const std::optional<assent::Batch>& batch) { return batch ? batch->body : std::string(); }

}  // namespace fixtures

// A small, valid site config shared by the core tests.
#pragma once

#include <string>

#include "assent/config.hpp"

namespace fixtures {

inline const std::string kConfig = R"({
  "revision": 3,
  "defaultLanguage": "en",
  "purposes": [
    { "id": "necessary", "required": true },
    { "id": "analytics" },
    { "id": "marketing" }
  ],
  "texts": {
    "en": {
      "title": "Privacy", "body": "We ask first.", "acceptAll": "Accept all", "rejectAll": "Reject all",
      "customise": "Customise", "save": "Save",
      "purposes": {
        "necessary": { "name": "Necessary", "description": "Keeps the site working." },
        "analytics": { "name": "Analytics", "description": "Counts visits." },
        "marketing": { "name": "Marketing", "description": "Measures offers." }
      }
    },
    "zh-CN": {
      "title": "隐私", "body": "我们先征求您的同意。", "acceptAll": "全部接受", "rejectAll": "全部拒绝",
      "customise": "自定义", "save": "保存",
      "purposes": {
        "necessary": { "name": "必要", "description": "保证网站运行。" },
        "analytics": { "name": "统计", "description": "统计访问。" },
        "marketing": { "name": "营销", "description": "衡量优惠。" }
      }
    }
  },
  "tracker": {
    "collectorUrl": "/v1/events",
    "events": { "$pageview": "analytics", "$click": "analytics", "signup": "marketing", "error": "necessary" },
    "holdLimit": 3,
    "holdTtlMinutes": 30,
    "batchMaxEvents": 2
  }
})";

inline assent::Config config() { return assent::parseConfig(kConfig).value(); }

inline constexpr const char* kSeed = "0123456789abcdef0123456789abcdef";

}  // namespace fixtures

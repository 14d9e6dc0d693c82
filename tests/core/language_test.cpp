// The prompt language, case by case: the config's languages, the person's
// preferred tags in their order, and the config tag that must be chosen (see
// chooseLanguage in prompt.hpp for the rule).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "assent/prompt.hpp"

using namespace assent;

namespace {

struct Case {
    std::vector<std::string> texts;  // the config's languages; the first is the default
    std::vector<std::string> preferred;
    std::string chosen;
};

Config configWith(const std::vector<std::string>& languages) {
    Config c;
    c.defaultLanguage = languages.front();
    for (const auto& tag : languages) c.texts[tag] = Texts{};
    return c;
}

std::string describe(const Case& k) {
    std::string out = "texts {";
    for (const auto& t : k.texts) out += " " + t;
    out += " } preferred [";
    for (const auto& t : k.preferred) out += " " + t;
    return out + " ] -> " + k.chosen;
}

void check(const std::vector<Case>& cases) {
    for (const auto& k : cases) {
        INFO(describe(k));
        CHECK(chooseLanguage(configWith(k.texts), k.preferred) == k.chosen);
    }
}

}  // namespace

TEST_CASE("RFC 4647 lookup: progressive truncation, a singleton goes with its subtag, never more specific than asked") {
    check({
        {{"en", "zh-Hant-CN-x-private1", "zh-Hant-CN"}, {"zh-Hant-CN-x-private1"}, "zh-Hant-CN-x-private1"},
        {{"en", "zh-Hant-CN", "zh-Hant", "zh"}, {"zh-Hant-CN-x-private1"}, "zh-Hant-CN"},
        {{"en", "zh-Hant", "zh"}, {"zh-Hant-CN-x-private1"}, "zh-Hant"},
        {{"en", "zh"}, {"zh-Hant-CN-x-private1"}, "zh"},
        // "-x-private1" goes as a whole: zh-Hant-CN-x is never tried.
        {{"en", "zh-Hant-CN-x", "zh-Hant"}, {"zh-Hant-CN-x-private1"}, "zh-Hant"},
        {{"en", "de-a", "de"}, {"de-a-ext-x-private"}, "de"},
        {{"en", "de-CH-1996", "de"}, {"de-ch"}, "de"},
        {{"en", "de-CH-1996", "de-CH", "de"}, {"de-ch"}, "de-CH"},
        {{"en", "de-CH", "de"}, {"de-CH-1996"}, "de-CH"},
        {{"en", "de-CH-1996", "de-ch"}, {"de-CH-1901"}, "de-ch"},  // de-CH-1996 sorts first, but is no truncation
        {{"en", "en-GB", "en-US"}, {"en-GB-oxendict"}, "en-GB"},
    });
}

TEST_CASE("Chinese follows script: Traditional requests choose Traditional texts, even over a plain zh") {
    check({
        {{"en", "zh-TW", "zh-CN", "zh"}, {"zh-HK"}, "zh-TW"},  // not zh, where truncation leads
        {{"en", "zh-TW", "zh-CN", "zh"}, {"zh-MO"}, "zh-TW"},
        {{"en", "zh-TW", "zh-CN", "zh"}, {"zh-TW"}, "zh-TW"},
        {{"en", "zh-TW", "zh-CN", "zh"}, {"zh-Hant"}, "zh-TW"},
        {{"en", "zh-TW", "zh-CN", "zh"}, {"zh-Hant-CN"}, "zh-TW"},  // the script, not the region, decides
        {{"en", "zh-Hant", "zh-Hans"}, {"zh-TW"}, "zh-Hant"},
        {{"en", "zh-Hant", "zh-Hans"}, {"zh-HK"}, "zh-Hant"},
        {{"en", "zh-Hant", "zh-Hans"}, {"zh-Hant-HK"}, "zh-Hant"},
        {{"en", "zh", "zh-Hant"}, {"zh-HK"}, "zh-Hant"},
        {{"en", "zh-CN", "zh-Hant"}, {"zh-cmn-Hant-TW"}, "zh-Hant"},  // an extended language subtag changes nothing
        {{"en", "zh-CN", "zh-hant"}, {"ZH-tw"}, "zh-hant"},          // case aside, the config's spelling
        {{"en", "zh-CN", "zh-Hant"}, {"zh-TW", "zh-CN"}, "zh-Hant"},  // not the exact second
    });
}

TEST_CASE("Chinese follows script: among Traditional texts, the request's region, then Macao to Hong Kong, then the most general") {
    check({
        {{"en", "zh-TW", "zh-HK", "zh-CN"}, {"zh-HK"}, "zh-HK"},
        {{"en", "zh-TW", "zh-HK", "zh-CN"}, {"zh-MO"}, "zh-HK"},
        {{"en", "zh-TW", "zh-HK", "zh-CN"}, {"zh-Hant"}, "zh-TW"},  // Taiwan, Traditional's likely region
        {{"en", "zh-Hant", "zh-Hant-HK"}, {"zh-TW"}, "zh-Hant"},
        {{"en", "zh-Hant", "zh-Hant-HK"}, {"zh-Hant-HK-x-a"}, "zh-Hant-HK"},
    });
}

TEST_CASE("Chinese follows script: Simplified requests, and plain zh, choose Simplified texts") {
    check({
        {{"en", "zh-TW", "zh-CN"}, {"zh-SG"}, "zh-CN"},
        {{"en", "zh-TW", "zh-CN"}, {"zh-Hans"}, "zh-CN"},
        {{"en", "zh-TW", "zh-CN"}, {"zh-Hans-SG"}, "zh-CN"},
        {{"en", "zh-TW", "zh-CN"}, {"zh"}, "zh-CN"},
        {{"en", "zh-TW", "zh-CN"}, {"zh-cn"}, "zh-CN"},
        {{"en", "zh-Hant", "zh-Hans"}, {"zh-CN"}, "zh-Hans"},
        {{"en", "zh-Hant", "zh-Hans"}, {"zh-SG"}, "zh-Hans"},
        {{"en", "zh-Hant", "zh-Hans"}, {"zh"}, "zh-Hans"},
        {{"en", "zh-Hant", "zh-SG", "zh-Hans"}, {"zh-SG"}, "zh-SG"},
        {{"en", "zh-Hant", "zh"}, {"zh-CN"}, "zh"},  // plain zh is Simplified: truncation finds it
        {{"en", "zh-Hant", "zh-HK", "zh-SG"}, {"zh-Hans-CN"}, "zh-SG"},
    });
}

TEST_CASE("only then any text of the same language, then the next preferred tag, then the default") {
    check({
        {{"en", "zh-CN"}, {"zh-TW"}, "zh-CN"},
        {{"en", "zh-CN"}, {"zh-Hant-HK"}, "zh-CN"},
        {{"en", "zh-TW"}, {"zh-CN"}, "zh-TW"},
        {{"en", "zh-TW"}, {"zh"}, "zh-TW"},
        {{"en", "zh-CN"}, {"fr", "zh-HK"}, "zh-CN"},
        {{"en", "zh-Latn-pinyin", "zh-CN"}, {"zh-Latn"}, "zh-Latn-pinyin"},  // its own script first, not zh-CN
        {{"en", "de-CH-1996"}, {"de-ch"}, "de-CH-1996"},                    // beyond lookup: no less specific German
        {{"en", "de-AT", "de-CH-1996"}, {"de-CH-1901"}, "de-CH-1996"},       // the most subtags in common
        {{"en-US", "en-GB", "zh-CN"}, {"en-AU", "zh-CN"}, "en-GB"},           // ties: the config's sorted order
        {{"fr", "de-DE"}, {"de", "fr"}, "de-DE"},
    });
}

TEST_CASE("a person's first language, even by its base or a sibling, beats an exact match of their second") {
    check({
        {{"en", "zh-CN"}, {"en-GB", "zh-CN"}, "en"},
        {{"en-US", "zh-CN"}, {"en-GB", "zh-CN"}, "en-US"},
        {{"en", "zh-CN"}, {"zh-HK", "en"}, "zh-CN"},
        {{"en", "fr"}, {"de", "fr-CA"}, "fr"},
        {{"en", "fr", "de"}, {"*", "de"}, "de"},  // "*" names no language
        {{"en", "fr"}, {"*"}, "en"},
        {{"en", "fr"}, {"x-private", "i-klingon"}, "en"},
        {{"fr", "en"}, {"es", "it"}, "fr"},  // nothing found: the default, whichever it is
        {{"en", "zh-CN"}, {}, "en"},
    });
}

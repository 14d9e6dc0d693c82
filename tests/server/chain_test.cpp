// The receipts' proof chain: every way of tampering with a stored chain that
// an operator with the database file could try is found, at the first link
// it touched; an erased receipt's tombstone keeps the chain whole.
#include "chain.hpp"

#include <catch2/catch.hpp>

#include <functional>
#include <string>
#include <vector>

using assent::server::appendLink;
using assent::server::ChainHead;
using assent::server::ChainLink;
using assent::server::verifyChain;

namespace {

constexpr std::int64_t kT0 = 1700000000000;

std::vector<ChainLink> chainOf(int n) {
    std::vector<ChainLink> links;
    for (int i = 0; i < n; ++i)
        links.push_back(appendLink("shop.example", links.empty() ? nullptr : &links.back(), kT0 + i,
                                   "2~receipt " + std::to_string(i)));
    return links;
}

ChainHead headOf(const std::vector<ChainLink>& links) { return {links.back().seq, links.back().linkHash}; }

}  // namespace

TEST_CASE("[C06] a chain as it was appended verifies, and each link names the one before", "[collector][chain]") {
    const auto links = chainOf(5);
    CHECK_FALSE(verifyChain(links, headOf(links)));
    CHECK(links[0].prevHash.empty());
    for (std::size_t i = 1; i < links.size(); ++i) {
        CHECK(links[i].seq == links[i - 1].seq + 1);
        CHECK(links[i].prevHash == links[i - 1].linkHash);
    }
    CHECK_FALSE(verifyChain({}, ChainHead{}));
}

TEST_CASE("[C06] every tampering with a stored chain is found at the first link it touched", "[collector][chain]") {
    struct Case {
        const char* what;
        std::function<void(std::vector<ChainLink>&)> tamper;
        std::string found;
    };
    const std::vector<Case> cases = {
        {"a receipt's content edited", [](auto& c) { c[2].content = "2~receipt 2, granted"; },
         "link 3: altered: its content no longer matches its hash"},
        {"content and its hash edited together", [](auto& c) {
             c[2].content = "forged";
             c[2].contentHash = assent::server::contentHashOf("forged");
         },
         "link 3: altered: its time, place or content hash no longer hash to its link"},
        {"the time it was received edited", [](auto& c) { c[1].receivedMs -= 86400000; },
         "link 2: altered: its time, place or content hash no longer hash to its link"},
        {"a link deleted", [](auto& c) { c.erase(c.begin() + 2); },
         "link 3: removed: the chain goes on at link 4 without it"},
        {"a link deleted and the rest renumbered", [](auto& c) {
             c.erase(c.begin() + 2);
             for (std::size_t i = 2; i < c.size(); ++i) c[i].seq -= 1;
         },
         "link 3: reordered: it does not follow link 2 in the chain"},
        {"two links swapped (their places in the order)", [](auto& c) {
             std::swap(c[1].seq, c[2].seq);
             std::swap(c[1], c[2]);
         },
         "link 2: reordered: it does not follow link 1 in the chain"},
        {"the first link deleted", [](auto& c) { c.erase(c.begin()); },
         "link 1: removed: the chain goes on at link 2 without it"},
        {"the newest links deleted", [](auto& c) { c.resize(3); }, "link 4: removed: the chain's head says it goes on to link 5"},
        {"a link copied in twice", [](auto& c) { c.insert(c.begin() + 3, c[2]); }, "link 3: reordered: a second link 3"},
        {"a link moved to another site", [](auto& c) { c[3].site = "other.example"; },
         "link 4: altered: its site was changed"},
        {"a link forged onto the end, head and all", [](auto& c) { c.push_back(appendLink("shop.example", &c.back(), kT0 + 9, "forged")); },
         "link 6: altered: the chain's head names another newest link"},
    };
    for (const auto& c : cases) {
        INFO(c.what);
        auto links = chainOf(5);
        const ChainHead head = headOf(links);
        c.tamper(links);
        const auto found = verifyChain(links, head);
        REQUIRE(found);
        CHECK(found->message() == c.found);
    }
}

TEST_CASE("[C19] an erased receipt leaves a tombstone: its content goes, the chain still verifies", "[collector][chain]") {
    auto links = chainOf(4);
    links[1].erased = true;
    links[1].content.clear();
    CHECK_FALSE(verifyChain(links, headOf(links)));
    // A tombstone's link fields are as bound as any other link's.
    links[1].receivedMs += 1;
    REQUIRE(verifyChain(links, headOf(links)));
    CHECK(verifyChain(links, headOf(links))->seq == 2);
}

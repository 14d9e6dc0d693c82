#include "summary.hpp"

#include <nlohmann/json.hpp>

#include "calendar.hpp"

namespace assent::server {
namespace {

using Json = nlohmann::ordered_json;

constexpr int kTopRows = 10;

// One day parameter, or a problem naming it.
std::optional<std::int64_t> dayParam(const char* name, const std::string* given, Problems& problems) {
    if (!given) {
        problems.push_back({name, "missing: a day as YYYY-MM-DD"});
        return std::nullopt;
    }
    auto day = dayNumber(*given);
    if (!day) problems.push_back({name, "\"" + given->substr(0, 40) + "\" is not a day as YYYY-MM-DD"});
    return day;
}

double share(std::int64_t part, std::int64_t whole) { return whole == 0 ? 0.0 : static_cast<double>(part) / whole; }

Json trafficJson(const Traffic& t, const Engagement& e) {
    return {{"pageViews", t.pageViews},
            {"visitors", t.visitors},
            {"visits", t.visits},
            {"bounces", t.bounces},
            {"bounceRate", share(t.bounces, t.visits)},
            {"visitorDays", t.visitorDays},
            {"pageLeaves", e.leaves},
            {"meanDwellMs", e.meanDwellMs},
            {"meanScrollDepth", e.meanScrollDepth}};
}

Json countedJson(const std::vector<Counted>& rows, const char* key, const char* count) {
    Json out = Json::array();
    for (const auto& r : rows) out.push_back({{key, r.key}, {count, r.count}});
    return out;
}

Json clicksJson(const std::vector<ClickCount>& rows) {
    Json out = Json::array();
    for (const auto& r : rows)
        out.push_back({{"page", r.page}, {"selector", r.selector}, {"text", r.text}, {"clicks", r.clicks}});
    return out;
}

Json decisionsJson(const std::vector<DecisionDay>& days) {
    Json out = Json::array();
    for (const auto& d : days)
        out.push_back({{"day", dayText(d.day)},
                       {"acceptAll", d.acceptAll},
                       {"rejectAll", d.rejectAll},
                       {"custom", d.custom},
                       {"withdraw", d.withdraw},
                       {"other", d.other},
                       {"total", d.total()}});
    return out;
}

Json grantsJson(const std::vector<GrantRate>& rates, const char* key) {
    Json out = Json::array();
    for (const auto& r : rates)
        out.push_back({{key, r.id}, {"granted", r.granted}, {"decided", r.decided}, {"grantRate", share(r.granted, r.decided)}});
    return out;
}

Json refusalsJson(const std::vector<Counted>& reasons) {
    Json byReason = Json::object();
    for (const auto& r : reasons) byReason[r.key] = r.count;
    return {{"byReason", byReason}};
}

Json purposeDaysJson(const std::vector<PurposeDay>& rows) {
    Json out = Json::array();
    for (const auto& r : rows)
        out.push_back({{"day", dayText(r.day)}, {"purpose", r.purpose}, {"granted", r.granted}, {"decided", r.decided}});
    return out;
}

}  // namespace

Result<DayRange> rangeOf(const std::string* from, const std::string* to) {
    Problems problems;
    const auto first = dayParam("from", from, problems);
    const auto end = dayParam("to", to, problems);
    if (first && end && *end <= *first) problems.push_back({"to", "must be a day after from (the range is [from, to))"});
    if (first && end && *end - *first > kMaxRangeDays)
        problems.push_back({"to", "at most " + std::to_string(kMaxRangeDays) + " days after from"});
    if (!problems.empty()) return problems;
    return DayRange{*first, *end};
}

Result<std::string> summaryJson(Analytics& a, const DayRange& range, const SummaryContext& context) {
    auto traffic = a.traffic(range);
    auto engagement = a.engagement(range);
    auto byDay = a.pageViewsByDay(range);
    auto pages = a.topPages(range, kTopRows);
    auto clicks = a.topClicks(range, kTopRows);
    auto custom = a.customEvents(range);
    auto decisions = a.decisionsByDay(range);
    auto purposes = a.purposeGrants(range);
    auto permissions = a.permissionGrants(range);
    auto purposesByDay = a.purposeGrantsByDay(range);
    auto refusals = a.refusals(range);
    for (const Problems* p : {&traffic.problems(), &engagement.problems(), &byDay.problems(), &pages.problems(),
                              &clicks.problems(), &custom.problems(), &decisions.problems(), &purposes.problems(),
                              &permissions.problems(), &purposesByDay.problems(), &refusals.problems()})
        if (!p->empty()) return *p;

    Json pageViews = Json::array();
    for (const auto& d : byDay.value()) pageViews.push_back({{"day", dayText(d.day)}, {"pageViews", d.count}});
    std::int64_t withdrawals = 0, total = 0;
    for (const auto& d : decisions.value()) {
        withdrawals += d.withdraw;
        total += d.total();
    }
    const Json answer = {
        {"site", context.site},
        {"from", dayText(range.fromDay)},
        {"to", dayText(range.toDay)},
        {"traffic", trafficJson(traffic.value(), engagement.value())},
        {"pageViewsByDay", pageViews},
        {"topPages", countedJson(pages.value(), "page", "pageViews")},
        {"topClicks", clicksJson(clicks.value())},
        {"customEvents", countedJson(custom.value(), "name", "count")},
        {"consent",
         {{"decisions", total},
          {"withdrawals", withdrawals},
          {"byDay", decisionsJson(decisions.value())},
          {"purposes", grantsJson(purposes.value(), "purpose")},
          {"purposesByDay", purposeDaysJson(purposesByDay.value())},
          {"permissions", grantsJson(permissions.value(), "capability")}}},
        {"refusals", refusalsJson(refusals.value())},
    };
    return answer.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace assent::server

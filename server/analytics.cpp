#include "analytics.hpp"

namespace assent::server {

void countDecisions(DecisionDay& day, const std::string& method, std::int64_t n) {
    if (method == "accept_all") day.acceptAll += n;
    else if (method == "reject_all") day.rejectAll += n;
    else if (method == "custom") day.custom += n;
    else if (method == "withdraw") day.withdraw += n;
    else day.other += n;  // api, gpc, platform (a permission answered)
}

}  // namespace assent::server

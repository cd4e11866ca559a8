#include "render/mining_report.h"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "util/error.h"
#include "util/text.h"

namespace rolemig {

namespace {

const char* yes_no(bool b) { return b ? "yes" : "no"; }

// Milliseconds are all a run's time can honestly say.
double rounded_seconds(double s) { return std::round(s * 1000) / 1000; }

}  // namespace

void write_mining_text(const MiningReport& r, std::ostream& out) {
  const mining::Decomposition& d = *r.result;
  out << fmt::format("{}: {} users, {} permissions, {} assignments\n", printable(r.file), with_commas(r.users), with_commas(r.permissions),
                     with_commas(r.assignments));
  out << fmt::format("roles {}, lower bound {}, optimal {}, verified {}, {:.3f} s\n", with_commas(d.roles.size()), with_commas(d.lower_bound),
                     yes_no(d.optimal), yes_no(d.verified), rounded_seconds(d.seconds));
}

void write_mining_json(const MiningReport& r, std::ostream& out) {
  const mining::Decomposition& d = *r.result;
  nlohmann::ordered_json j{{"file", r.file},
                           {"users", r.users},
                           {"permissions", r.permissions},
                           {"assignments", r.assignments},
                           {"roles", d.roles.size()},
                           {"lower_bound", d.lower_bound},
                           {"optimal", d.optimal},
                           {"verified", d.verified},
                           {"seconds", rounded_seconds(d.seconds)}};
  out << terminal_json(j.dump(2)) << "\n";
}

}  // namespace rolemig

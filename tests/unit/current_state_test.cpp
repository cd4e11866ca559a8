// Against the live account: for every fixture, applying the plan (its
// expected_state.json) and planning again leaves nothing to do.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "cli/cli.h"
#include "test_support.h"
#include "util/text.h"

namespace rolemig {
namespace fs = std::filesystem;

namespace {

nlohmann::json load(const fs::path& p) {
  std::ifstream in(p);
  return nlohmann::json::parse(in);
}

// Runs a fixture's plan command from inside its folder, with OUT replaced.
int run_in(const fs::path& dir, std::vector<std::string> args) {
  fs::path old = fs::current_path();
  fs::current_path(dir);
  std::ostringstream o, e;
  int status = run_cli(args, o, e);
  fs::current_path(old);
  EXPECT_NE(status, 2) << e.str();
  return status;
}

}  // namespace

TEST(CurrentState, ReplanningWithTheExpectedStateHasNothingToDo) {
  fs::path tmp = fs::temp_directory_path() / ("rolemig-replan-" + std::to_string(::getpid()));
  fs::remove_all(tmp);
  size_t fixtures = 0;
  for (const auto& entry : fs::directory_iterator(testing::source_dir() + "/fixtures")) {
    fs::path cmd = entry.path() / "cmd";
    if (!fs::exists(cmd)) continue;
    std::ifstream in(cmd);
    std::string line;
    std::getline(in, line);
    std::vector<std::string> args;
    for (auto& w : split(line, ' '))
      if (!w.empty()) args.push_back(w);
    if (args.empty() || args[0] != "plan" || std::find(args.begin(), args.end(), "--current") != args.end()) continue;
    ++fixtures;
    SCOPED_TRACE(entry.path().filename().string());
    fs::path first = tmp / entry.path().filename() / "first", second = tmp / entry.path().filename() / "second";
    std::vector<std::string> a1 = args, a2 = args;
    // OUT stands for the output directory, also at the start of a path (--junit OUT/report.xml).
    auto out_is = [](std::vector<std::string>& v, const fs::path& dir) {
      for (auto& w : v)
        if (w.rfind("OUT", 0) == 0) w = dir.string() + w.substr(3);
    };
    out_is(a1, first);
    out_is(a2, second);
    a2.insert(a2.end(), {"--current", (first / "expected_state.json").string()});
    int s1 = run_in(entry.path(), a1);
    int s2 = run_in(entry.path(), a2);
    auto plan = load(second / "plan.json");
    EXPECT_EQ(plan["summary"]["groups_to_create"], 0);
    EXPECT_EQ(plan["summary"]["memberships"], 0);
    EXPECT_EQ(plan["summary"]["memberships_to_remove"], 0);
    EXPECT_EQ(plan["manual_steps"].size(), 0u);
    EXPECT_EQ(s2, s1);  // 0 for every fixture whose plan verifies equal
    for (const auto& g : plan["groups"]) EXPECT_TRUE(g["unplanned"].empty()) << g["name"];
  }
  EXPECT_GE(fixtures, 6u);
  fs::remove_all(tmp);
}

}  // namespace rolemig

namespace rolemig {

// For every fixture small enough to brute-force, the add requests are as few
// as possible.
TEST(CurrentState, FixtureAddRequestsEqualTheBruteForceMinimum) {
  size_t checked = 0;
  for (const auto& entry : fs::directory_iterator(testing::source_dir() + "/fixtures")) {
    fs::path plan_path = entry.path() / "expected" / "plan.json";
    if (!fs::exists(plan_path)) continue;
    auto plan = load(plan_path);
    std::map<std::string, uint32_t> user_index;
    std::vector<std::vector<uint32_t>> wanted;
    uint32_t g = 0;
    for (const auto& grp : plan["groups"]) {
      if (grp["add"].empty()) continue;
      for (const auto& e : grp["add"]) {
        auto [it, fresh] = user_index.emplace(e.get<std::string>(), static_cast<uint32_t>(wanted.size()));
        if (fresh) wanted.emplace_back();
        wanted[it->second].push_back(g);
      }
      ++g;
    }
    if (g > 8) continue;  // too many groups to brute-force quickly
    std::ifstream in(entry.path() / "expected" / "requests.jsonl");
    size_t adds = 0;
    for (std::string line; std::getline(in, line);) {
      auto request = nlohmann::json::parse(line);
      // One mutation a request, or several under aliases (--mutations-per-request).
      if (request["operation"] == "addUsersToUserGroups") adds += request["variables"].size();
    }
    SCOPED_TRACE(entry.path().filename().string());
    EXPECT_EQ(adds, testing::brute_force_minimum(wanted, g));
    ++checked;
  }
  EXPECT_GE(checked, 5u);
}

TEST(CurrentState, PruneRemovesUnplannedMembersLastButNeverFromAccountAdministrators) {
  fs::path tmp = fs::temp_directory_path() / ("rolemig-prune-" + std::to_string(::getpid()));
  fs::remove_all(tmp);
  fs::path fx = testing::source_dir() + "/fixtures/current-overbroad";
  // A live Account Administrators member the rules do not place: kept, and reported.
  std::string text = testing::slurp(fx / "current.json");
  std::string owner = R"({"node": {"id": "1001", "email": "Olivia.Owner@northwind-goods.example"}})";
  text.replace(text.find(owner), owner.size(), owner + R"(, {"node": {"id": "1002", "email": "sam.manager@northwind-goods.example"}})");
  fs::create_directories(tmp);
  std::ofstream(tmp / "current.json") << text;
  int status = run_in(fx, {"plan", "--quiet", "--users", "users.csv", "--stores", "stores.csv", "--current", (tmp / "current.json").string(),
                           "--prune", "--out", (tmp / "out").string()});
  EXPECT_EQ(status, 1);
  auto plan = load(tmp / "out" / "plan.json");
  EXPECT_EQ(plan["summary"]["memberships_to_remove"], 2);  // wes from Warehouse Everything, former.temp from Admins
  // Kept in the group (the plan takes nobody out of it), so not `removed`:
  // unexpected, over-granted, and a manual step to remove by hand.
  EXPECT_EQ(plan["admins"]["removed"], nlohmann::json::array());
  EXPECT_EQ(plan["admins"]["unexpected"], nlohmann::json::array({"sam.manager@northwind-goods.example"}));
  EXPECT_EQ(plan["admins"]["over_granted"][0]["email"], "sam.manager@northwind-goods.example");
  EXPECT_EQ(plan["admins"]["status"], "fail");
  for (const auto& g : plan["groups"]) {
    if (g["name"] == "Account Administrators") {
      EXPECT_TRUE(g["remove"].empty());
      EXPECT_EQ(g["unplanned"], nlohmann::json::array({"sam.manager@northwind-goods.example"}));
    }
  }
  // Safe order: creates, adds, the audit, then removals.
  std::ifstream req(tmp / "out" / "requests.jsonl");
  std::vector<std::string> ops;
  for (std::string line; std::getline(req, line);) ops.push_back(nlohmann::json::parse(line)["operation"]);
  ASSERT_GE(ops.size(), 3u);
  EXPECT_EQ(ops[ops.size() - 1], "removeUsersFromUserGroup");
  EXPECT_EQ(ops[ops.size() - 2], "removeUsersFromUserGroup");
  EXPECT_EQ(ops[ops.size() - 3], "auditUserGroups");
  EXPECT_TRUE(std::is_sorted(ops.begin(), ops.end() - 3,
                             [](const std::string& a, const std::string& b) { return a == "createUserGroup" && b == "addUsersToUserGroups"; }));
  // Pruned members no longer count: wes's over-broad access is gone.
  bool wes_equal = false;
  for (const auto& u : plan["verification"]["users"])
    if (u["email"] == "wes.warehouse@northwind-goods.example") wes_equal = u["status"] == "equal";
  EXPECT_TRUE(wes_equal);
  fs::remove_all(tmp);
}

}  // namespace rolemig

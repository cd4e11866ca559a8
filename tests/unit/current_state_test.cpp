// Against the live account: for every fixture, applying the plan (its
// expected_state.json) and planning again leaves nothing to do.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
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
    std::replace(a1.begin(), a1.end(), std::string("OUT"), first.string());
    std::replace(a2.begin(), a2.end(), std::string("OUT"), second.string());
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

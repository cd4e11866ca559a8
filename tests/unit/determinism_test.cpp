// The same plan, whatever the order of the export's rows or pages: only the
// source locations (`where`) and the inputs' hashes may differ.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "cli/cli.h"
#include "test_files.h"
#include "test_support.h"

namespace rolemig {
namespace fs = std::filesystem;
using namespace rolemig::testing;
using json = nlohmann::ordered_json;

namespace {

void write(const fs::path& p, const std::string& s) { write_file(p, s); }

// Drops every "where" member and the inputs list, recursively.
void strip_locations(json& j) {
  if (j.is_object()) {
    j.erase("where");
    j.erase("inputs");
    for (auto& [k, v] : j.items()) strip_locations(v);
  } else if (j.is_array()) {
    for (auto& v : j) strip_locations(v);
  }
}

int plan(const std::vector<std::string>& inputs, const fs::path& out) {
  std::vector<std::string> args = {"plan", "--quiet", "--out", out.string()};
  args.insert(args.end(), inputs.begin(), inputs.end());
  std::ostringstream o, e;
  int status = run_cli(args, o, e);
  EXPECT_NE(status, 2) << e.str();
  return status;
}

void expect_same_plan(const fs::path& a, const fs::path& b) {
  for (const char* f : {"access_before.csv", "access_after.csv", "requests.jsonl"}) {
    EXPECT_EQ(slurp(a / f), slurp(b / f)) << f;
  }
  json ja = json::parse(slurp(a / "plan.json")), jb = json::parse(slurp(b / "plan.json"));
  strip_locations(ja);
  strip_locations(jb);
  EXPECT_EQ(ja.dump(1), jb.dump(1));
}

class Determinism : public ScratchDirTest {
 protected:
  Determinism() : ScratchDirTest("det") {}
  std::mt19937 rng_{20261122};
};

}  // namespace

TEST_F(Determinism, ShuffledCsvRowsGiveTheSamePlan) {
  const std::string fx = source_dir() + "/fixtures/enterprise/";
  std::istringstream in(slurp(fx + "users.csv"));
  std::string header, line;
  std::getline(in, header);
  std::vector<std::string> rows;
  while (std::getline(in, line))
    if (!line.empty()) rows.push_back(line);
  for (int round = 0; round < 3; ++round) {
    std::shuffle(rows.begin(), rows.end(), rng_);
    std::string shuffled = header + "\n";
    for (const auto& r : rows) shuffled += r + "\n";
    write(dir_ / "users.csv", shuffled);
    int a = plan({"--users", fx + "users.csv", "--stores", fx + "stores.csv", "--roles", fx + "roles.yaml"}, dir_ / "a");
    int b = plan({"--users", (dir_ / "users.csv").string(), "--stores", fx + "stores.csv", "--roles", fx + "roles.yaml"}, dir_ / "b");
    EXPECT_EQ(a, b);
    expect_same_plan(dir_ / "a", dir_ / "b");
  }
}

TEST_F(Determinism, ShuffledPagesAndUsersGiveTheSamePlan) {
  const std::string fx = source_dir() + "/fixtures/account-api/";
  json pages = json::parse(slurp(fx + "users.json"));
  ASSERT_TRUE(pages.is_array());
  std::reverse(pages.begin(), pages.end());
  for (auto& page : pages) {
    for (auto& edge : page["data"]["account"]["stores"]["edges"]) {
      auto& users = edge["node"]["users"]["edges"];
      std::shuffle(users.begin(), users.end(), rng_);
    }
  }
  write(dir_ / "users.json", pages.dump());
  // The JSON Lines file's lines, reversed.
  std::istringstream in(slurp(fx + "users-2.jsonl"));
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);)
    if (!l.empty()) lines.push_back(l);
  std::reverse(lines.begin(), lines.end());
  std::string jsonl;
  for (const auto& l : lines) jsonl += l + "\n";
  write(dir_ / "users-2.jsonl", jsonl);
  int a = plan({"--users", fx + "users.json", "--users", fx + "users-2.jsonl"}, dir_ / "a");
  int b = plan({"--users", (dir_ / "users-2.jsonl").string(), "--users", (dir_ / "users.json").string()}, dir_ / "b");
  EXPECT_EQ(a, b);
  expect_same_plan(dir_ / "a", dir_ / "b");
}

}  // namespace rolemig

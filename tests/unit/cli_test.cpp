// The whole command line, driven from argument vectors: exit statuses,
// messages, files written (or not), and the reviewer's round trips.
#include "cli/cli.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "test_support.h"

namespace rolemig {
namespace fs = std::filesystem;
using namespace rolemig::testing;

namespace {

struct Result {
  int status;
  std::string out, err;
};

Result run(std::vector<std::string> args) {
  std::ostringstream out, err;
  int status = run_cli(args, out, err);
  return {status, out.str(), err.str()};
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("rolemig-cli-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    sample_ = source_dir() + "/fixtures/sample/";
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  fs::path dir_;
  std::string sample_;
};

}  // namespace

TEST_F(CliTest, VersionAndHelp) {
  Result r = run({"--version"});
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out, std::string("rolemig ") + ROLEMIG_VERSION + "\n");
  r = run({"plan", "--help"});
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("--users"), std::string::npos);
  EXPECT_NE(r.out.find("--out"), std::string::npos);
}

TEST_F(CliTest, UsageErrorsExitTwoWithTheUsageLine) {
  Result r = run({"plan", "--out", path("out")});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err,
            "rolemig: error: --users is required\n"
            "usage: rolemig plan --users FILE [--users FILE ...] [--stores FILE] [--roles FILE] [--rules FILE] [--catalog DIR] "
            "[--current FILE ...] [--prune] --out DIR [--format text|json] [--quiet]\n");
  r = run({"frobnicate"});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err.rfind("rolemig: error: ", 0), 0u) << r.err;
  EXPECT_FALSE(fs::exists(path("out")));
}

TEST_F(CliTest, PlanWritesEveryOutputAndIsDeterministic) {
  Result r = run({"plan", "--users", sample_ + "users.csv", "--stores", sample_ + "stores.csv", "--out", path("a")});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out.rfind("Plan: 6 groups to create, 9 memberships to add; 8 users verified equal, 0 gaining, 0 losing", 0), 0u) << r.out;
  r = run({"plan", "--users", sample_ + "users.csv", "--stores", sample_ + "stores.csv", "--out", path("b"), "--quiet"});
  ASSERT_EQ(r.status, 0);
  EXPECT_EQ(r.out, "");
  for (const char* f : {"plan.json", "plan.md", "access_before.csv", "access_after.csv", "requests.jsonl"}) {
    EXPECT_TRUE(fs::exists(dir_ / "a" / f)) << f;
    EXPECT_EQ(slurp(dir_ / "a" / f), slurp(dir_ / "b" / f)) << f;
  }
  // No staging directory is left beside --out.
  for (const auto& e : fs::directory_iterator(dir_)) EXPECT_EQ(e.path().filename().string().find(".rolemig-"), std::string::npos);
}

TEST_F(CliTest, JsonFormatPrintsTheSummary) {
  Result r = run({"plan", "--users", sample_ + "users.csv", "--out", path("a"), "--format", "json"});
  ASSERT_EQ(r.status, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["users"], 8);
  EXPECT_EQ(j["users_equal"], 8);
}

// The "done when": change a rule so that someone gains a permission;
// the run exits 1 and names user, target, permission and rule.
TEST_F(CliTest, ARuleThatGrantsTooMuchExitsOneAndNamesTheRule) {
  std::string rules = slurp(source_dir() + "/mappings/rules.yaml");
  std::regex fulfillment("groups: \\[store-fulfillment\\]");
  ASSERT_TRUE(std::regex_search(rules, fulfillment));
  write(path("rules.yaml"), std::regex_replace(rules, fulfillment, "groups: [store-fulfillment, store-customer-support]"));
  Result r = run({"plan", "--users", sample_ + "users.csv", "--stores", sample_ + "stores.csv", "--rules", path("rules.yaml"), "--out",
                  path("out")});
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_NE(r.out.find("wes.warehouse@northwind-goods.example: gains on store:1001 (rule 'order-fulfillment' → group "
                       "'Northwind Goods Customer Support' → policy 'Orders Support'): Manage_Returns, Refund_Orders\n"),
            std::string::npos)
      << r.out;
  std::string md = slurp(dir_ / "out" / "plan.md");
  EXPECT_NE(md.find("| gained | store:1001 | Refund\\_Orders | rule 'order-fulfillment' → group 'Northwind Goods Customer Support' → "
                    "policy 'Orders Support' |"),
            std::string::npos)
      << md;
  auto plan = nlohmann::json::parse(slurp(dir_ / "out" / "plan.json"));
  EXPECT_EQ(plan["summary"]["users_gaining"], 2);
  bool found = false;
  for (const auto& u : plan["verification"]["users"]) {
    if (u["email"] != "wes.warehouse@northwind-goods.example") continue;
    EXPECT_EQ(u["status"], "gains");
    for (const auto& g : u["gained"]) {
      if (g["permission"] == "Refund_Orders") {
        found = true;
        EXPECT_EQ(g["target"], "store:1001");
        EXPECT_EQ(g["granted_by"][0]["rule"], "order-fulfillment");
        EXPECT_EQ(g["granted_by"][0]["policy"], "Orders Support");
      }
    }
  }
  EXPECT_TRUE(found);
}

TEST_F(CliTest, NothingIsWrittenOnErrorAndThePreviousPlanSurvives) {
  ASSERT_EQ(run({"plan", "--users", sample_ + "users.csv", "--out", path("out")}).status, 0);
  std::string before = slurp(dir_ / "out" / "plan.json");
  write(path("bad.csv"), "email,store_id,role\nx@y.com,1,Order Fulfilment\n");
  Result r = run({"plan", "--users", path("bad.csv"), "--out", path("out")});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, path("bad.csv") + ":2:11: error: expected a standard or custom role, found 'Order Fulfilment'; did you mean "
                                     "'Order Fulfillment'?\n"
                                     "    2 | x@y.com,1,Order Fulfilment\n"
                                     "      |           ^\n");
  EXPECT_EQ(slurp(dir_ / "out" / "plan.json"), before);
  r = run({"plan", "--users", path("bad.csv"), "--out", path("fresh")});
  EXPECT_EQ(r.status, 2);
  EXPECT_FALSE(fs::exists(path("fresh")));
  for (const auto& e : fs::directory_iterator(dir_)) EXPECT_EQ(e.path().filename().string().find(".rolemig-"), std::string::npos);
}

TEST_F(CliTest, OutThatIsAFileIsAnError) {
  write(path("file"), "x");
  Result r = run({"plan", "--users", sample_ + "users.csv", "--out", path("file")});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, path("file") + ": error: expected --out to be a directory, found an existing file\n");
}

TEST_F(CliTest, VerifyAcceptsThePlanAndCatchesAReviewersEdit) {
  std::vector<std::string> inputs = {"--users", sample_ + "users.csv", "--stores", sample_ + "stores.csv"};
  std::vector<std::string> args = {"plan", "--out", path("out")};
  args.insert(args.end(), inputs.begin(), inputs.end());
  ASSERT_EQ(run(args).status, 0);
  std::vector<std::string> verify = {"verify", "--plan", path("out/plan.json")};
  verify.insert(verify.end(), inputs.begin(), inputs.end());
  Result r = run(verify);
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  // The reviewer removes the owner from Account Administrators.
  auto plan = nlohmann::ordered_json::parse(slurp(dir_ / "out" / "plan.json"));
  plan["groups"][0]["members"] = nlohmann::ordered_json::array();
  write(path("edited.json"), plan.dump(2));
  verify[2] = path("edited.json");
  r = run(verify);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("olivia.owner@northwind-goods.example: loses on account (from role 'Store Owner' at "), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("Account Administrators check failed: missing olivia.owner@northwind-goods.example; unexpected none; removed none; "
                       "active members 0"),
            std::string::npos)
      << r.out;
}

TEST_F(CliTest, VerifyCreditsAHandAddedMemberToTheEditNotToTheGroupsRule) {
  std::vector<std::string> inputs = {"--users", sample_ + "users.csv", "--stores", sample_ + "stores.csv"};
  std::vector<std::string> args = {"plan", "--out", path("out")};
  args.insert(args.end(), inputs.begin(), inputs.end());
  ASSERT_EQ(run(args).status, 0);
  // The reviewer puts a warehouse clerk into Customer Support as well.
  auto plan = nlohmann::ordered_json::parse(slurp(dir_ / "out" / "plan.json"));
  bool added = false;
  for (auto& g : plan["groups"]) {
    if (g["name"] != "Northwind Goods Customer Support") continue;
    g["members"].push_back("wes.warehouse@northwind-goods.example");
    added = true;
  }
  ASSERT_TRUE(added);
  write(path("edited.json"), plan.dump(2));
  std::vector<std::string> verify = {"verify", "--plan", path("edited.json")};
  verify.insert(verify.end(), inputs.begin(), inputs.end());
  Result r = run(verify);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("wes.warehouse@northwind-goods.example: gains on store:1001 (rule '(edited plan)' → group 'Northwind Goods Customer "
                       "Support' → policy 'Orders Support'): "),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("wes.warehouse@northwind-goods.example: gains on store:1001 (rule 'customer-support'"), std::string::npos) << r.out;
}

TEST_F(CliTest, DiffListsPerUserGainsAndLosses) {
  write(path("before.csv"), "email,target,permission\na@x.com,store:1,Manage_Orders\nb@x.com,store:1,Manage_Orders\n");
  write(path("after.csv"), "email,target,permission\na@x.com,store:1,Manage_Orders\na@x.com,store:1,Refund_Orders\n");
  Result r = run({"diff", path("before.csv"), path("after.csv")});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "a@x.com\n  + store:1 Refund_Orders\nb@x.com\n  - store:1 Manage_Orders\n2 users differ\n");
  r = run({"diff", path("before.csv"), path("before.csv")});
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out, "0 users differ\n");
}

TEST_F(CliTest, DiffOfTwoPlansComparesTheirAccess) {
  ASSERT_EQ(run({"plan", "--users", sample_ + "users.csv", "--out", path("a")}).status, 0);
  auto plan = nlohmann::ordered_json::parse(slurp(dir_ / "a" / "plan.json"));
  plan["groups"][0]["members"].push_back("new.admin@northwind-goods.example");
  write(path("b.json"), plan.dump(2));
  Result r = run({"diff", path("a/plan.json"), path("b.json")});
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_EQ(r.out.rfind("new.admin@northwind-goods.example\n  + account Add_User\n", 0), 0u) << r.out;
}

}  // namespace rolemig

namespace rolemig {
TEST(CliHostile, DiffReadsNeutralisedCsvBackToTheOriginalValues) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("rolemig-hostile-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  std::string fx = testing::source_dir() + "/fixtures/hostile/";
  std::ostringstream o, e;
  ASSERT_EQ(run_cli({"plan", "--quiet", "--users", fx + "users.csv", "--stores", fx + "stores.csv", "--out", (dir / "out").string()}, o, e), 1)
      << e.str();
  std::ostringstream o2, e2;
  EXPECT_EQ(run_cli({"diff", (dir / "out" / "access_before.csv").string(), (dir / "out" / "access_after.csv").string()}, o2, e2), 1);
  EXPECT_EQ(o2.str(),
            "'=sum@hostile.example\n"
            "  - store:1 Capture_Funds\n"
            "=hyperlink@hostile.example\n"
            "  - store:1 Capture_Funds\n"
            "2 users differ\n");
  fs::remove_all(dir);
}
}  // namespace rolemig

namespace rolemig {
namespace {
struct TempDir {
  std::filesystem::path path;
  explicit TempDir(const std::string& tag)
      : path(std::filesystem::temp_directory_path() / ("rolemig-" + tag + "-" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
};
int cli(std::vector<std::string> args, std::string* out = nullptr, std::string* err = nullptr) {
  std::ostringstream o, e;
  int s = run_cli(args, o, e);
  if (out) *out = o.str();
  if (err) *err = e.str();
  return s;
}
}  // namespace

TEST(CliReview, AnAccountAdministratorsGrantOnAnotherGroupIsRefused) {
  TempDir t("shadow");
  std::string fx = testing::source_dir() + "/fixtures/sample/";
  ASSERT_EQ(cli({"plan", "--quiet", "--users", fx + "users.csv", "--out", (t.path / "out").string()}), 0);
  std::ifstream in(t.path / "out" / "plan.json");
  auto plan = nlohmann::ordered_json::parse(in);
  plan["groups"].push_back({{"name", "Shadow"},
                            {"grants", {{{"policy", "Account Administrators"}, {"target", "account"}}}},
                            {"members", {"sam.manager@northwind-goods.example"}}});
  std::ofstream(t.path / "edited.json") << plan.dump(2);
  std::string err;
  EXPECT_EQ(cli({"verify", "--plan", (t.path / "edited.json").string(), "--users", fx + "users.csv"}, nullptr, &err), 2);
  EXPECT_NE(err.find("error: expected the 'Account Administrators' grant only on the 'Account Administrators' group, found it on 'Shadow'"),
            std::string::npos)
      << err;
}

TEST(CliReview, ACatalogWithoutRulesUsesTheShippedRules) {
  TempDir t("catalog");
  for (const char* f : {"permissions.yaml", "roles.yaml", "policies.yaml"}) {
    std::filesystem::copy_file(testing::source_dir() + "/mappings/" + f, t.path / f);
  }
  std::string fx = testing::source_dir() + "/fixtures/sample/";
  std::string out;
  EXPECT_EQ(cli({"plan", "--users", fx + "users.csv", "--catalog", t.path.string(), "--out", (t.path / "out").string()}, &out), 0) << out;
  std::ifstream in(t.path / "out" / "plan.json");
  auto plan = nlohmann::json::parse(in);
  EXPECT_EQ(plan["inputs"][3]["kind"], "rules");
  EXPECT_EQ(plan["inputs"][3]["path"], "mappings/rules.yaml");
  std::ifstream md(t.path / "out" / "plan.md");
  std::string first;
  std::getline(md, first);
  EXPECT_EQ(first.rfind("Plan: 6 groups to create, 9 memberships to add;", 0), 0u) << first;
}

TEST(CliReview, DiffOfAPlanCountsAdminsStoreAccessEverywhere) {
  TempDir t("grants-all");
  for (const char* f : {"permissions.yaml", "roles.yaml", "policies.yaml", "rules.yaml"}) {
    std::filesystem::copy_file(testing::source_dir() + "/mappings/" + f, t.path / f);
  }
  {
    std::ifstream in(t.path / "policies.yaml");
    std::stringstream ss;
    ss << in.rdbuf();
    std::string text = std::regex_replace(ss.str(), std::regex("grants_all: account"), "grants_all: [store, account]");
    std::ofstream(t.path / "policies.yaml") << text;
  }
  std::ofstream(t.path / "users.csv") << "email,store_id,role\nowner@x.com,3,Store Owner\n";
  std::string cat = t.path.string();
  ASSERT_EQ(cli({"plan", "--quiet", "--users", (t.path / "users.csv").string(), "--catalog", cat, "--out", (t.path / "out").string()}), 0);
  std::string out;
  EXPECT_EQ(cli({"diff", "--catalog", cat, (t.path / "out" / "access_after.csv").string(), (t.path / "out" / "plan.json").string()}, &out), 0)
      << out;
  EXPECT_EQ(out, "0 users differ\n");
}
}  // namespace rolemig

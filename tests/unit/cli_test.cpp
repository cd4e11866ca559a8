// The whole command line, driven from argument vectors: exit statuses,
// messages, files written (or not), and the reviewer's round trips.
#include "cli/cli.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "render/junit_writer.h"
#include "test_files.h"
#include "test_support.h"
#include "util/sha256.h"

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

void write(const fs::path& p, const std::string& text) { write_file(p, text); }

class CliTest : public ScratchDirTest {
 protected:
  CliTest() : ScratchDirTest("cli") {}
  std::string sample_ = source_dir() + "/fixtures/sample/";
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
            "[--current FILE ...] [--prune] [--mutations-per-request N] --out DIR [--junit FILE] [--format text|json] [--quiet]\n");
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

// The issue's "done when": change a rule so that someone gains a permission;
// the run exits 1 and names user, target, permission and rule.
TEST_F(CliTest, ARuleThatGrantsTooMuchExitsOneAndNamesTheRule) {
  std::string rules = slurp(source_dir() + "/mappings/rules.yaml");
  std::regex fulfillment("groups: \\[store-fulfillment\\]");
  ASSERT_TRUE(std::regex_search(rules, fulfillment));
  write(path("rules.yaml"), std::regex_replace(rules, fulfillment, "groups: [store-fulfillment, store-customer-support]"));
  Result r = run({"plan", "--users", sample_ + "users.csv", "--stores", sample_ + "stores.csv", "--rules", path("rules.yaml"), "--out", path("out")});
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
  EXPECT_EQ(r.err, path("bad.csv") +
                       ":2:11: error: expected a standard or custom role, found 'Order Fulfilment'; did you mean "
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
  EXPECT_NE(r.out.find("olivia.owner@northwind-goods.example: loses on account (from role 'Store Owner' at "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Account Administrators check failed: missing olivia.owner@northwind-goods.example; unexpected none; removed none; "
                       "over-granted none; impostors none; unverified groups none; active members 0"),
            std::string::npos)
      << r.out;
}

// Past a screenful of per-user lines the terminal prints one line per cause,
// with three example users, and says where each user's lines are.
TEST_F(CliTest, ManyDifferencesPrintOneLinePerCause) {
  std::string rules = slurp(source_dir() + "/mappings/rules.yaml");
  std::regex fulfillment("groups: \\[store-fulfillment\\]");
  write(path("rules.yaml"), std::regex_replace(rules, fulfillment, "groups: [store-fulfillment, store-customer-support]"));
  std::string users = "email,user_id,first_name,last_name,store_id,role,permissions,status\n";
  for (int i = 0; i < 30; ++i) users += fmt::format("w{:02}@northwind-goods.example,{},W,W,1001,Order Fulfillment,,active\n", i, 2000 + i);
  write(path("users.csv"), users);
  Result r = run({"plan", "--users", path("users.csv"), "--stores", sample_ + "stores.csv", "--rules", path("rules.yaml"), "--out", path("out")});
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_NE(r.out.find("Differences by cause (3 causes, 90 difference lines; each user's are in " + path("out") + "/plan.json):\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("\n  30 users on store:1001 gain Manage_Returns, Refund_Orders (rule 'order-fulfillment' → group '{store.name} Customer "
                       "Support' → policy 'Orders Support'): w00@northwind-goods.example, w01@northwind-goods.example, "
                       "w02@northwind-goods.example and 27 more\n"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("w03@northwind-goods.example"), std::string::npos) << r.out;
  std::string md = slurp(dir_ / "out" / "plan.md");
  EXPECT_NE(md.find("- 30 users on store:1001 gain Manage\\_Returns, Refund\\_Orders (rule 'order-fulfillment' → group '{store.name} "
                    "Customer Support' → policy 'Orders Support'): w00@northwind-goods.example, w01@northwind-goods.example, "
                    "w02@northwind-goods.example and 27 more\n"),
            std::string::npos)
      << md;
}

// plan.md stays readable at any size: past its caps the groups become a
// row each without member emails, the Users table a row per target, and the
// waived differences a row per waiver (issue 11 item 3).
TEST_F(CliTest, ALargePlanMdSummarisesAndPointsToPlanJson) {
  std::string rules = slurp(source_dir() + "/mappings/rules.yaml");
  rules = std::regex_replace(rules, std::regex("groups: \\[store-fulfillment\\]"), "groups: [store-fulfillment, store-customer-support]");
  rules = std::regex_replace(rules, std::regex("waivers: \\[\\]"),
                             "waivers:\n  - match: { store: \"20*\" }\n    permissions: [Manage_Returns]\n    change: gain\n"
                             "    reason: Returns move to fulfillment\n");
  write(path("rules.yaml"), rules);
  std::string stores = "store_id,name,region\n";
  for (int s = 0; s < 60; ++s) stores += fmt::format("{},Store {},us\n", 2001 + s, 2001 + s);
  write(path("stores.csv"), stores);
  const char* roles[] = {"Order Fulfillment", "Product Manager", "Customer Support", "Marketing"};
  std::string users = "email,user_id,first_name,last_name,store_id,role,permissions,status\n";
  users += "owner@x.example,1,O,O,2001,Store Owner,,active\n";
  for (int i = 0; i < 1200; ++i) users += fmt::format("u{:04}@x.example,{},U,U,{},{},,active\n", i, 10 + i, 2001 + i % 60, roles[i / 60 % 4]);
  write(path("users.csv"), users);
  Result r = run({"plan", "--users", path("users.csv"), "--stores", path("stores.csv"), "--rules", path("rules.yaml"), "--out", path("out")});
  ASSERT_EQ(r.status, 1) << r.err;
  std::string md = slurp(dir_ / "out" / "plan.md");
  EXPECT_NE(md.find("\n## Groups\n\nA row per kind of group above 200 groups (this plan has 242): the groups of one definition (its name "
                    "template), derived groups granting the same policies by the same rules, or a group alone; plan.json lists every group "
                    "and its members.\n\n| group | groups | to create | grants | rules | members |\n|---|---:|---:|---|---|---:|\n"
                    "| Account Administrators | 1 | 0 | Account Administrators on account | store-owner | 1 |\n"
                    "| {store.name} Customer Support | 60 | 60 | Customers Read, Orders Support, Products Read, Analytics Customers on each "
                    "group's store | order-fulfillment, customer-support | 600 |\n"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("\n## Users\n\nThe table of every user's rows is left out above 1000 rows (this plan has 1202): each user's groups and verdict "
                    "are in plan.json, and `rolemig explain --user EMAIL` shows one user. Users per target and their verdict there:\n\n"
                    "| target | users | equal | gains | losses | gains and losses | unverified |\n|---|---:|---:|---:|---:|---:|---:|\n"
                    "| store:2001 | 21 | 16 | 5 | 0 | 0 | 0 |\n"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("\n| account | 1 | 1 | 0 | 0 | 0 | 0 |\n"), std::string::npos) << md;
  EXPECT_NE(md.find("Per-user tables are left out above 100 differences (this plan has 900): see plan.json and the access CSVs.\n"),
            std::string::npos)
      << md;
  // One cause per rule, group template and policy across the 60 stores.
  EXPECT_NE(md.find("\n- 300 users on 60 targets: store:2001, store:2002, store:2003 and 57 more gain Refund\\_Orders (rule 'order-fulfillment' "
                    "→ group '{store.name} Customer Support' → policy 'Orders Support'): u0000@x.example, u0001@x.example, u0002@x.example "
                    "and 297 more\n"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("### Waived\n\nA row per waiver above 100 waived differences (this plan has 300); plan.json lists each one.\n\n"
                    "| waiver | reason | users | differences |\n|---|---|---:|---:|\n| " +
                    path("rules.yaml") + ":238 | Returns move to fulfillment | 300 | 300 |\n"),
            std::string::npos)
      << md;
  EXPECT_EQ(md.find("u0999@x.example"), std::string::npos) << "only the causes' three examples are named";
  EXPECT_LT(md.size(), 80'000u);
}

// Under 200 groups each keeps its section, but past 2,000 member emails in
// all the lists give way to counts; an admin check list stops at 100 emails.
TEST_F(CliTest, ALargePlanMdCountsMembersAndCapsAdminLists) {
  std::string users = "email,user_id,first_name,last_name,store_id,role,permissions,status\n";
  for (int i = 0; i < 120; ++i) users += fmt::format("o{:03}@x.example,{},O,O,1001,Store Owner,,active\n", i, 10 + i);
  for (int i = 0; i < 2000; ++i) users += fmt::format("w{:04}@x.example,{},W,W,1001,Order Fulfillment,,active\n", i, 200 + i);
  write(path("users.csv"), users);
  Result r = run({"plan", "--users", path("users.csv"), "--stores", sample_ + "stores.csv", "--out", path("out")});
  ASSERT_EQ(r.status, 0) << r.err << r.out;
  std::string md = slurp(dir_ / "out" / "plan.md");
  EXPECT_NE(md.find("\n## Groups\n\nMember lists are left out above 2000 emails (this plan has 2240): plan.json lists every group's members.\n\n"
                    "### Account Administrators (exists)\n\n"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("- members (120): listed in plan.json\n"), std::string::npos) << md;
  EXPECT_NE(md.find("- members (2000): listed in plan.json\n"), std::string::npos) << md;
  EXPECT_NE(md.find("- planned: o000@x.example, o001@x.example, "), std::string::npos) << md;
  EXPECT_NE(md.find(", o099@x.example and 20 more (plan.json lists every one)\n"), std::string::npos) << md;
  EXPECT_NE(md.find("  - o099@x.example (holds Store Owner on store 1001)\n  - ... and 20 more: see plan.json\n"), std::string::npos) << md;
  EXPECT_EQ(md.find("o100@x.example"), std::string::npos) << md;
  EXPECT_EQ(md.find("w1999@x.example"), std::string::npos) << md;
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
            "esc@hostile.example\n"
            "  - store:\\x1b]0;pwned\\x07\\u009b[31m Capture_Funds\n"
            "3 users differ\n");
  fs::remove_all(dir);
}
}  // namespace rolemig

namespace rolemig {
namespace {
int cli(std::vector<std::string> args, std::string* out = nullptr, std::string* err = nullptr) {
  std::ostringstream o, e;
  int s = run_cli(args, o, e);
  if (out) *out = o.str();
  if (err) *err = e.str();
  return s;
}
}  // namespace

TEST(CliReview, AnAccountAdministratorsGrantOnAnotherGroupIsRefused) {
  ScratchDir t("shadow");
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
  ScratchDir t("catalog");
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
  ScratchDir t("grants-all");
  for (const char* f : {"permissions.yaml", "roles.yaml", "policies.yaml", "rules.yaml"}) {
    std::filesystem::copy_file(testing::source_dir() + "/mappings/" + f, t.path / f);
  }
  {
    std::string text = std::regex_replace(slurp(t.path / "policies.yaml"), std::regex("grants_all: account"), "grants_all: [store, account]");
    std::ofstream(t.path / "policies.yaml") << text;
  }
  std::ofstream(t.path / "users.csv") << "email,store_id,role\nowner@x.com,3,Store Owner\n";
  std::string cat = t.path.string();
  ASSERT_EQ(cli({"plan", "--quiet", "--users", (t.path / "users.csv").string(), "--catalog", cat, "--out", (t.path / "out").string()}), 0);
  std::string out;
  EXPECT_EQ(cli({"diff", "--catalog", cat, (t.path / "out" / "access_after.csv").string(), (t.path / "out" / "plan.json").string()}, &out), 0) << out;
  EXPECT_EQ(out, "0 users differ\n");
}
}  // namespace rolemig

// Inputs are read once: a pipe, a FIFO and /dev/stdin give the whole export,
// hashed as read (issue 8, item 6).
namespace rolemig {
namespace {

struct ShellResult {
  int status;
  std::string out, err;
};

// Runs `script` in bash with ROLEMIG set to the binary under test.
ShellResult shell(const fs::path& dir, const std::string& script) {
  write(dir / "script.sh", "set -u\nROLEMIG='" + std::string(ROLEMIG_BINARY) + "'\n" + script);
  std::string cmd = "cd '" + dir.string() + "' && timeout 120 bash script.sh >stdout.txt 2>stderr.txt";
  int raw = std::system(cmd.c_str());
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, slurp(dir / "stdout.txt"), slurp(dir / "stderr.txt")};
}

// A JSON export of `users` users, well over the 8 KiB a sniffing read used
// to take from a pipe, and over one read(2).
std::string big_export(int users) {
  std::string s = R"({"data":{"account":{"stores":{"edges":[{"node":{"id":"1","name":"One","users":{"edges":[)";
  for (int i = 0; i < users; ++i) {
    if (i) s += ",\n";
    s += fmt::format(R"({{"node":{{"id":"u{0}","email":"user{0}@example.com","firstName":"U","lastName":"{0}",)"
                     R"("permissions":["No_Permission_Required","Manage_Orders"],"status":"ACTIVE"}}}})",
                     i);
  }
  return s + "]}}}]}}}}\n";
}

std::string users_sha256(const fs::path& plan_json) {
  auto plan = nlohmann::json::parse(slurp(plan_json));
  for (const auto& in : plan["inputs"])
    if (in["kind"] == "users") return in["sha256"];
  return "";
}

}  // namespace

TEST_F(CliTest, APipeAFifoAndDevStdinReadTheWholeExport) {
  std::string text = big_export(2000);
  ASSERT_GT(text.size(), 200000u);
  write(dir_ / "users.json", text);
  ShellResult file = shell(dir_, "\"$ROLEMIG\" plan --users users.json --out file --format json");
  ASSERT_NE(file.status, 2) << file.err;
  EXPECT_EQ(nlohmann::json::parse(file.out)["users"], 2000);
  EXPECT_EQ(users_sha256(dir_ / "file" / "plan.json"), sha256_hex(text));

  ShellResult pipe =
      shell(dir_, "\"$ROLEMIG\" plan --users <(cat users.json) --rules <(cat '" + source_dir() + "/mappings/rules.yaml') --out pipe --format json");
  EXPECT_EQ(pipe.status, file.status) << pipe.err;
  EXPECT_EQ(pipe.out, file.out);
  EXPECT_EQ(users_sha256(dir_ / "pipe" / "plan.json"), sha256_hex(text));

  ShellResult stdin_run = shell(dir_, "\"$ROLEMIG\" plan --users /dev/stdin --out stdin --format json < users.json");
  EXPECT_EQ(stdin_run.status, file.status) << stdin_run.err;
  EXPECT_EQ(stdin_run.out, file.out);
  EXPECT_EQ(users_sha256(dir_ / "stdin" / "plan.json"), sha256_hex(text));

  // A named FIFO was opened twice and waited for a second writer.
  ShellResult fifo =
      shell(dir_, "mkfifo users.fifo && { cat users.json > users.fifo & } && \"$ROLEMIG\" plan --users users.fifo --out fifo --format json");
  EXPECT_EQ(fifo.status, file.status) << fifo.err;
  EXPECT_EQ(fifo.out, file.out);
  EXPECT_EQ(users_sha256(dir_ / "fifo" / "plan.json"), sha256_hex(text));
}

TEST_F(CliTest, AnErrorInAPipedInputShowsItsLineWithoutReadingItAgain) {
  ShellResult r = shell(dir_, "\"$ROLEMIG\" plan --users <(printf 'email,store_id\\nwes@example.com,1\\n') --out out");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find(":2:1: error: expected a role or permissions for wes@example.com on store 1, found neither\n"
                       "    2 | wes@example.com,1\n"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "out"));
}

TEST_F(CliTest, RulesFromDevZeroStopAtTheDefinitionBound) {
  Result r = run({"plan", "--users", sample_ + "users.csv", "--rules", "/dev/zero", "--out", path("out")});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "/dev/zero: error: expected an input of at most 32 MiB (the limit for YAML definition files), found more\n");
  EXPECT_FALSE(fs::exists(dir_ / "out"));
}

// No_Permission_Required carries no access whether or not the catalog
// defines it: in CSV and JSON exports, custom roles, policies and rules
// (issue 8, item 8).
TEST_F(CliTest, NoPermissionRequiredIsIgnoredWhenTheCatalogDoesNotDefineIt) {
  fs::create_directories(dir_ / "catalog");
  for (const char* f : {"roles.yaml", "policies.yaml", "rules.yaml"}) fs::copy_file(source_dir() + "/mappings/" + f, dir_ / "catalog" / f);
  std::string perms = slurp(source_dir() + "/mappings/permissions.yaml");
  size_t at = perms.find("  - id: No_Permission_Required");
  ASSERT_NE(at, std::string::npos);
  size_t end = perms.find("  - id:", at + 1);
  perms.erase(at, end == std::string::npos ? std::string::npos : end - at);
  ASSERT_EQ(perms.find("id: No_Permission_Required"), std::string::npos);
  write(dir_ / "catalog" / "permissions.yaml", perms);
  write(dir_ / "roles.yaml", "custom_roles:\n  - name: Order Clerk\n    permissions: [No_Permission_Required, Manage_Orders]\n");
  write(dir_ / "users.csv",
        "email,store_id,role,permissions\n"
        "owner@example.com,1,Store Owner,No_Permission_Required\n"
        "clerk@example.com,1,Order Clerk,No_Permission_Required\n"
        "nobody@example.com,1,,No_Permission_Required\n");
  write(dir_ / "users.json", R"({"data":{"account":{"stores":[{"id":"2","name":"Two","users":[)"
                             R"({"id":"9","email":"json@example.com","permissions":["No_Permission_Required"],"status":"ACTIVE"}]}]}}})");
  Result r = run({"plan", "--catalog", path("catalog"), "--roles", path("roles.yaml"), "--users", path("users.csv"), "--users", path("users.json"),
                  "--out", path("out"), "--format", "json"});
  ASSERT_EQ(r.status, 0) << r.err;
  auto summary = nlohmann::json::parse(r.out);
  EXPECT_EQ(summary["users"], 4);
  EXPECT_EQ(summary["users_equal"], 4);
  auto before = slurp(dir_ / "out" / "access_before.csv");
  EXPECT_EQ(before.find("No_Permission_Required"), std::string::npos) << before;
  EXPECT_NE(before.find("clerk@example.com,store:1,Manage_Orders"), std::string::npos) << before;
  EXPECT_EQ(before.find("nobody@example.com"), std::string::npos) << before;
}

}  // namespace rolemig

// Issue 8 items 12, 14, 15 and 16: usage, help, output safety, installation.
namespace rolemig {
namespace {

const std::string kPlanUsage =
    "usage: rolemig plan --users FILE [--users FILE ...] [--stores FILE] [--roles FILE] [--rules FILE] [--catalog DIR] "
    "[--current FILE ...] [--prune] [--mutations-per-request N] --out DIR [--junit FILE] [--format text|json] [--quiet]\n";
const std::string kVerifyUsage =
    "usage: rolemig verify (--plan DIR/plan.json | --current AUDIT.json) --users FILE [...] [--stores FILE] [--roles FILE] "
    "[--rules FILE] [--catalog DIR] [--junit FILE] [--format text|json] [--quiet]\n";
const std::string kDiffUsage = "usage: rolemig diff BEFORE AFTER [--catalog DIR] [--format text|json]\n";
const std::string kAdminsUsage =
    "usage: rolemig check-admins --current AUDIT.json --users FILE [...] [--stores FILE] [--roles FILE] [--catalog DIR] "
    "[--rules FILE] [--junit FILE] [--format text|json] [--quiet]\n";
const std::string kSuggestUsage =
    "usage: rolemig suggest --users FILE [...] [--stores F] [--roles F] [--rules F] [--catalog DIR] [--current F] --out DIR\n"
    "                       [--mutations-per-request N] [--time-limit SECONDS] [--format text|json] [--quiet]\n"
    "       rolemig suggest --pairs FILE [--time-limit SECONDS] [--format text|json]\n";
const std::string kExplainUsage =
    "usage: rolemig explain --user EMAIL --users FILE [...] [--stores FILE] [--roles FILE] [--rules FILE] [--catalog DIR] "
    "[--current FILE ...] [--format text|json]\n";
const std::string kLintUsage =
    "usage: rolemig lint [--rules FILE] [--catalog DIR] [--roles FILE] [--users FILE ...] [--stores FILE] [--format text|json]\n";
const std::string kAllUsage = kPlanUsage + kVerifyUsage + kDiffUsage + kExplainUsage + kLintUsage + kAdminsUsage + kSuggestUsage;
// The exit-status paragraph that ends every help text.
const std::string kExitHelp =
    "Exit status: 0 every user's access is equal and the Account Administrators checks pass;\n"
    "1 someone gains or loses access, cannot be verified, or an admin check fails; 2 bad input or usage\n"
    "(nothing written).\n";

// Runs a shell command line; returns its exit status.
int shell(const std::string& command) {
  int st = std::system(command.c_str());
  return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

}  // namespace

TEST(CliUsage, EveryMistakeGetsRolemigsOwnMessageAndTheUsageLine) {
  ScratchDir t("usage");
  std::string users = testing::source_dir() + "/fixtures/sample/users.csv";
  std::string out = t / "out";
  struct Case {
    std::vector<std::string> args;
    std::string err;
  };
  const std::string e = "rolemig: error: ";
  const std::vector<Case> cases = {
      {{"plan", "--users", users, "--out", out, "--format", "xml"}, e + "expected --format to be text or json, found 'xml'\n" + kPlanUsage},
      {{"plan", "--users", users, "--out", out, "--max-users-per-request", "0"},
       e + "expected --max-users-per-request to be a whole number of at least 1, found '0'\n" + kPlanUsage},
      {{"plan", "--users", users, "--out", out, "--max-groups-per-request=abc"},
       e + "expected --max-groups-per-request to be a whole number of at least 1, found 'abc'\n" + kPlanUsage},
      {{"plan", "--users", users, "--out", out, "--max-users-per-request", "99999999999999999999999"},
       e + "expected --max-users-per-request to be a whole number of at least 1, found '99999999999999999999999'\n" + kPlanUsage},
      {{"plan", "--users", users, "--out", out, "--max-users-per-request", "-1"},
       e + "expected a value after --max-users-per-request, found '-1'\n" + kPlanUsage},
      {{"plan", "--user", users, "--out", out}, e + "expected an option of rolemig plan, found '--user'; did you mean '--users'?\n" + kPlanUsage},
      {{"plan", "--users", users, "--out", out, "--frobnicate"}, e + "expected an option of rolemig plan, found '--frobnicate'\n" + kPlanUsage},
      {{"plna", "--users", users, "--out", out},
       e + "expected a command (plan, verify, diff, explain, lint, check-admins, suggest), found 'plna'; did you mean 'plan'?\n" + kAllUsage},
      {{}, e + "expected a command (plan, verify, diff, explain, lint, check-admins, suggest), found none\n" + kAllUsage},
      {{"--users", users}, e + "expected a command (plan, verify, diff, explain, lint, check-admins, suggest), found '--users'\n" + kAllUsage},
      {{"lint", "--user", users}, e + "expected an option of rolemig lint, found '--user'; did you mean '--users'?\n" + kLintUsage},
      {{"lint", "--format", "xml"}, e + "expected --format to be text or json, found 'xml'\n" + kLintUsage},
      {{"explain", "--users", users}, e + "--user is required\n" + kExplainUsage},
      {{"explain", "--user", "a@b.c"}, e + "--users is required\n" + kExplainUsage},
      {{"explain", "--users", users, "--user", "a@b.c", "--out", out}, e + "expected an option of rolemig explain, found '--out'\n" + kExplainUsage},
      {{"plan", "--users", users}, e + "--out is required\n" + kPlanUsage},
      {{"plan", "--out", out}, e + "--users is required\n" + kPlanUsage},
      {{"plan", "--users", users, "--out"}, e + "expected a value after --out, found none\n" + kPlanUsage},
      {{"plan", "--users", "--out", out}, e + "expected a value after --users, found '--out'\n" + kPlanUsage},
      {{"plan", "--users", users, "--out", ""}, e + "expected --out to name a directory, found an empty string\n" + kPlanUsage},
      {{"plan", "--users", users, "--out="}, e + "expected a value after --out=, found none\n" + kPlanUsage},
      {{"plan", "--users", users, "--out", out, "--format="}, e + "expected a value after --format=, found none\n" + kPlanUsage},
      {{"diff", "--format=", "a", "b"}, e + "expected a value after --format=, found none\n" + kDiffUsage},
      {{"plan", "--users", users, "--out", out, "--quiet=yes"}, e + "expected no value after --quiet, found 'yes'\n" + kPlanUsage},
      {{"plan", "--users", users, "--out", out, "users.csv"}, e + "expected no further argument, found 'users.csv'\n" + kPlanUsage},
      {{"verify", "--users", users}, e + "expected --plan FILE or --current FILE, found neither\n" + kVerifyUsage},
      {{"verify", "--plan", "p.json", "--current", "c.json", "--users", users},
       e + "expected --plan FILE or --current FILE, found both\n" + kVerifyUsage},
      {{"diff", "a.csv"}, e + "AFTER is required\n" + kDiffUsage},
      {{"diff", "a.csv", "b.csv", "c.csv"}, e + "expected no further argument, found 'c.csv'\n" + kDiffUsage},
      {{"check-admins", "--users", users}, e + "--current is required\n" + kAdminsUsage},
      {{"suggest"}, e + "expected --pairs FILE or --users FILE, found neither\n" + kSuggestUsage},
      {{"suggest", "--pairs", "p.txt", "--users", users}, e + "expected --pairs FILE or --users FILE, found both\n" + kSuggestUsage},
      {{"suggest", "--users", users}, e + "expected --out DIR with --users, found none\n" + kSuggestUsage},
      {{"suggest", "--pairs", "p.txt", "--out", out}, e + "expected no --out with --pairs, found one\n" + kSuggestUsage},
      {{"suggest", "--pairs", "p.txt", "--stores", "s.csv"}, e + "expected no --stores with --pairs, found one\n" + kSuggestUsage},
      {{"suggest", "--users", users, "--out", out, "--mutations-per-request", "0"},
       e + "expected --mutations-per-request to be a whole number of at least 1, found '0'\n" + kSuggestUsage},
      {{"suggest", "--pairs", "p.txt", "--time-limit", "0"},
       e + "expected --time-limit to be a number of seconds above 0 and at most 1000000, found '0'\n" + kSuggestUsage},
      {{"suggest", "--pairs", "p.txt", "--time-limit=soon"},
       e + "expected --time-limit to be a number of seconds above 0 and at most 1000000, found 'soon'\n" + kSuggestUsage},
      {{"plan", "--users", users, "--out", out, "--out", out}, e + "expected --out once, found it 2 times\n" + kPlanUsage},
      {{"plan", "--users", users, "--out", out, "--format", "x\x1b[2J"},
       e + "expected --format to be text or json, found 'x\\x1b[2J'\n" + kPlanUsage},
  };
  for (const auto& c : cases) {
    std::ostringstream o, err;
    EXPECT_EQ(run_cli(c.args, o, err), 2) << c.err;
    EXPECT_EQ(err.str(), c.err);
    EXPECT_EQ(o.str(), "");
    EXPECT_FALSE(fs::exists(out));
  }
}

TEST(CliUsage, VersionOnEveryCommand) {
  for (std::vector<std::string> args : {std::vector<std::string>{"--version"},
                                        {"plan", "--version"},
                                        {"verify", "--version"},
                                        {"plan", "--users", "u.csv", "--version"},
                                        {"diff", "--version"},
                                        {"check-admins", "--version"}}) {
    std::ostringstream o, err;
    EXPECT_EQ(run_cli(args, o, err), 0);
    EXPECT_EQ(o.str(), std::string("rolemig ") + ROLEMIG_VERSION + "\n");
    EXPECT_EQ(err.str(), "");
  }
}

TEST(CliSuggest, PairsPrintTheMatrixAndTheRolesAndExitZero) {
  ScratchDir t("suggest");
  const std::string pairs = t / "pairs.txt";
  // Two roles, {1,2} and {3}; user 3 holds both.
  write(pairs, "  1   1\n  1   2\n  2   3\n  3   1\n  3   2\n  3   3\n");
  Result text = run({"suggest", "--pairs", pairs});
  EXPECT_EQ(text.status, 0);
  EXPECT_EQ(text.err, "");
  EXPECT_EQ(text.out.substr(0, text.out.find('\n') + 1), pairs + ": 3 users, 3 permissions, 6 assignments\n");
  const std::string second = text.out.substr(text.out.find('\n') + 1);
  EXPECT_EQ(second.rfind("roles 2, lower bound 2, optimal yes, verified yes, ", 0), 0u) << text.out;  // the seconds vary
  Result json = run({"suggest", "--pairs", pairs, "--format", "json", "--time-limit", "5"});
  EXPECT_EQ(json.status, 0);
  auto j = nlohmann::json::parse(json.out);
  EXPECT_EQ(j["roles"], 2);
  EXPECT_EQ(j["lower_bound"], 2);
  EXPECT_EQ(j["optimal"], true);
  EXPECT_EQ(j["verified"], true);
  EXPECT_TRUE(j["seconds"].is_number());
}

TEST(CliSuggest, ABadPairsFileIsExitTwoWithItsLocation) {
  ScratchDir t("suggest");
  const std::string pairs = t / "pairs.txt";
  write(pairs, "1 2\n1\n");
  Result r = run({"suggest", "--pairs", pairs});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, pairs + ":2:2: error: expected a permission id after the user id, found the end of the line\n    2 | 1\n      |  ^\n");
}

TEST(CliUsage, MainHelp) {
  const std::string help =
      "rolemig migrates an account from legacy per-user store roles and permission checkboxes to\n"
      "group-based access, and proves that nobody gains or loses access. Every run is a dry run.\n"
      "A run that lasts over a second shows its steps on stderr when that is a terminal.\n"
      "\n"
      "usage: rolemig COMMAND [OPTIONS]    (rolemig COMMAND --help for its options)\n"
      "\n"
      "Commands:\n"
      "  plan          map legacy access into groups, verify it, and write the plan to --out\n"
      "  verify        re-check a plan.json (perhaps edited), or the live account, against the legacy inputs\n"
      "  diff          per-user gains and losses between two access CSVs or two plan.json files\n"
      "  explain       how one user's access maps: assignments, rules, groups, verdict, admin facts\n"
      "  lint          find dead, shadowed and too broad rules and waivers; with an export, what they match\n"
      "  check-admins  after applying: check the live Account Administrators group against the export\n"
      "  suggest       draft the fewest groups and rules that reproduce everyone's access (or a matrix's)\n"
      "\n"
      "Options:\n"
      "  -h, --help    show this help\n"
      "  --version     print rolemig's version\n"
      "\n" +
      kExitHelp;
  for (const char* flag : {"--help", "-h"}) {
    std::ostringstream o, err;
    EXPECT_EQ(run_cli({flag}, o, err), 0);
    EXPECT_EQ(o.str(), help);
    EXPECT_EQ(err.str(), "");
  }
}

TEST(CliUsage, LintHelp) {
  const std::string help = kLintUsage +
                           "\n"
                           "Checks a rules file against the catalog (and, given an export, against the account) and\n"
                           "prints one line per finding, FILE:LINE:COL: KIND: message, then a summary line. Nothing is\n"
                           "written. Without --users: unused-group, shadowed-rule (an earlier final rule matches all it\n"
                           "matches), broad-waiver (no match, no permissions, change: any), dead-store-glob (no known store\n"
                           "id matches it; store ids are known from --stores or the export), unplaced-role (a standard or\n"
                           "custom role no rule can match). With --users, also rule-matches-nothing,\n"
                           "waiver-matches-nothing, store-not-in-stores, and how many assignments explicit groups cover and\n"
                           "how many fall to derive.\n"
                           "\n"
                           "Inputs (all optional):\n"
                           "  --rules FILE          rules YAML (default: the catalog's rules.yaml, else the shipped one)\n"
                           "  --catalog DIR         permissions.yaml, roles.yaml, policies.yaml (default: the shipped mappings/)\n"
                           "  --roles FILE          custom roles YAML: they too must be placed by a rule\n"
                           "  --users FILE          users export to check the rules against; repeatable\n"
                           "  --stores FILE         stores CSV: the store ids store globs must match\n"
                           "\n"
                           "Output:\n"
                           "  --format text|json    stdout: the report (text, the default) or JSON\n"
                           "  -h, --help            show this help\n"
                           "  --version             print rolemig's version\n"
                           "\n"
                           "Exit status: 0 no findings; 1 findings; 2 bad input or usage.\n";
  std::ostringstream o, err;
  EXPECT_EQ(run_cli({"lint", "--help"}, o, err), 0);
  EXPECT_EQ(o.str(), help);
  EXPECT_EQ(err.str(), "");
}

TEST(CliUsage, PlanHelp) {
  const std::string help = kPlanUsage +
                           "\n"
                           "Maps every legacy assignment through the rules into groups, verifies user by user that nobody\n"
                           "gains or loses access, checks Account Administrators, and writes plan.json, plan.md,\n"
                           "access_before.csv, access_after.csv, requests.jsonl and expected_state.json to --out.\n"
                           "\n"
                           "Legacy inputs:\n"
                           "  --users FILE          users export: CSV, or Account API JSON (pages, JSON Lines); required, repeatable\n"
                           "  --stores FILE         stores CSV: store_id,name[,region]\n"
                           "  --roles FILE          custom roles YAML (custom_roles: name, permissions)\n"
                           "  --catalog DIR         permissions.yaml, roles.yaml, policies.yaml (default: the shipped mappings/)\n"
                           "  --rules FILE          rules YAML (default: the catalog's rules.yaml, else the shipped one)\n"
                           "  --current FILE        group audit of the live account: plan only what is missing; repeatable\n"
                           "\n"
                           "Output:\n"
                           "  --out DIR             the plan directory; required. Replaced as a whole when the plan is\n"
                           "                        complete; other files in it are kept\n"
                           "  --prune               also remove live memberships the rules do not place (never from\n"
                           "                        Account Administrators)\n"
                           "  --max-users-per-request N   users in one add request (default 50)\n"
                           "  --max-groups-per-request N  groups in one add request (default 10)\n"
                           "  --mutations-per-request N   mutations of one kind in one request, under GraphQL aliases\n"
                           "                        (default 1: the beta schema may not take several)\n"
                           "  --junit FILE          also write a JUnit XML report: one testcase per user and per\n"
                           "                        Account Administrators check (written on exit 0 and 1)\n"
                           "  --quiet               print no report or progress (errors and warnings still go to stderr)\n"
                           "  --format text|json    stdout: the report (text, the default) or JSON\n"
                           "  -h, --help            show this help\n"
                           "  --version             print rolemig's version\n"
                           "\n" +
                           kExitHelp;
  for (std::vector<std::string> args : {std::vector<std::string>{"plan", "--help"}, {"plan", "-h"}, {"plan", "--users", "--help"}}) {
    std::ostringstream o, err;
    EXPECT_EQ(run_cli(args, o, err), 0);
    EXPECT_EQ(o.str(), help);
    EXPECT_EQ(err.str(), "");
  }
  // Every command has its own help, without the parser's vocabulary.
  for (const char* cmd : {"verify", "diff", "explain", "lint", "check-admins", "suggest"}) {
    std::ostringstream o, err;
    EXPECT_EQ(run_cli({cmd, "--help"}, o, err), 0);
    EXPECT_EQ(o.str().rfind(std::string("usage: rolemig ") + cmd + " ", 0), 0u) << o.str();
    const std::string& text = o.str();
    EXPECT_NE(text.find("\nExit status: "), std::string::npos) << cmd;
    EXPECT_EQ(text.find("\nExit status: "), text.rfind("\nExit status: ")) << cmd << ": one exit status paragraph";
    for (const char* internal : {"[OPTIONS]", "REQUIRED", "Subcommands", "Print this help message", "->"}) {
      EXPECT_EQ(o.str().find(internal), std::string::npos) << cmd << ": " << internal;
    }
  }
}

// A report nobody received is not a success.
TEST(CliOutput, AStdoutThatCannotBeWrittenExitsTwo) {
  struct Full : std::streambuf {
    int overflow(int) override { return traits_type::eof(); }
    std::streamsize xsputn(const char*, std::streamsize) override { return 0; }
  } full;
  std::ostream bad(&full);
  std::ostringstream err;
  EXPECT_EQ(run_cli({"--version"}, bad, err), 2);
  EXPECT_EQ(err.str(), "rolemig: error: cannot write to standard output\n");

  ScratchDir t("dev-full");
  std::string fx = testing::source_dir() + "/fixtures/sample/";
  EXPECT_EQ(shell("'" ROLEMIG_BINARY "' plan --users '" + fx + "users.csv' --out '" + (t / "out") + "' >/dev/full 2>'" + (t / "err") + "'"), 2);
  EXPECT_EQ(slurp(t / "err"), "rolemig: error: cannot write to standard output: No space left on device\n");
  EXPECT_EQ(shell("'" ROLEMIG_BINARY "' --help >/dev/full 2>'" + (t / "err") + "'"), 2);
  EXPECT_EQ(slurp(t / "err"), "rolemig: error: cannot write to standard output: No space left on device\n");
}

TEST(CliOutput, OutThatCannotBeReplacedAtomicallyIsRefused) {
  ScratchDir t("out-refused");
  std::string users = testing::source_dir() + "/fixtures/sample/users.csv";
  fs::create_directories(t.path / "plan");
  std::ofstream(t.path / "plan" / "notes.md") << "mine";
  fs::path old = fs::current_path();
  fs::current_path(t.path / "plan");
  std::ostringstream o, err;
  int status = run_cli({"plan", "--users", users, "--out", "."}, o, err);
  fs::current_path(old);
  EXPECT_EQ(status, 2);
  EXPECT_EQ(err.str(),
            ".: error: expected --out not to contain the working directory, found the working directory inside it; run rolemig from another "
            "folder (the plan directory is replaced as a whole)\n");
  EXPECT_EQ(fs::directory_iterator(t.path / "plan")->path().filename(), "notes.md");
  EXPECT_EQ(std::distance(fs::directory_iterator(t.path), fs::directory_iterator()), 1);

  // The root, with a timeout in case it ever loops again. The users file
  // does not exist, so that even if the refusal were lost the run would stop
  // at reading inputs, before anything could be written.
  const std::string missing = (t / "no-such-users.csv");
  EXPECT_EQ(shell("cd / && timeout 20 '" ROLEMIG_BINARY "' plan --users '" + missing + "' --out . >/dev/null 2>'" + (t / "err") + "'"), 2);
  EXPECT_EQ(slurp(t / "err"),
            ".: error: expected --out to be a directory of its own, found the root directory (the plan directory is replaced as a whole)\n");
  EXPECT_EQ(shell("timeout 20 '" ROLEMIG_BINARY "' plan --users '" + missing + "' --out / >/dev/null 2>'" + (t / "err") + "'"), 2);
  EXPECT_EQ(slurp(t / "err"),
            "/: error: expected --out to be a directory of its own, found the root directory (the plan directory is replaced as a whole)\n");
}

// Installed with cmake --install, rolemig finds the catalog it ships and
// plans the sample exactly as the golden scenario does.
TEST(CliInstall, TheInstalledBinaryFindsItsShippedCatalog) {
  ScratchDir t("install");
  std::string prefix = t / "prefix";
  ASSERT_EQ(shell("'" ROLEMIG_CMAKE "' --install '" ROLEMIG_BUILD_DIR "' --prefix '" + prefix + "' >'" + (t / "log") + "' 2>&1"), 0)
      << slurp(t / "log");
  EXPECT_TRUE(fs::is_regular_file(prefix + "/bin/rolemig"));
  EXPECT_TRUE(fs::is_regular_file(prefix + "/share/rolemig/mappings/rules.yaml"));
  EXPECT_TRUE(fs::is_regular_file(prefix + "/share/rolemig/mappings/graphql/audit_fields.yaml"));
  std::string fx = testing::source_dir() + "/fixtures/sample/";
  fs::create_directories(t.path / "work");
  for (const char* f : {"users.csv", "stores.csv"}) fs::copy_file(fx + f, t.path / "work" / f);
  EXPECT_EQ(shell("cd '" + (t / "work") + "' && '" + prefix + "/bin/rolemig' plan --users users.csv --stores stores.csv --out ../out >'" +
                  (t / "stdout") + "' 2>'" + (t / "stderr") + "'"),
            0)
      << slurp(t / "stderr");
  EXPECT_EQ(slurp(t / "stderr"), "");
  EXPECT_EQ(slurp(t / "out/plan.json"), slurp(fx + "expected/plan.json"));
  EXPECT_EQ(slurp(t / "out/requests.jsonl"), slurp(fx + "expected/requests.jsonl"));
}

TEST(CliInstall, ACopiedBinaryWithoutItsCatalogSaysWhereItLooked) {
  ScratchDir t("copied");
  fs::create_directories(t.path / "bin");
  fs::copy_file(ROLEMIG_BINARY, t.path / "bin" / "rolemig");
  std::string fx = testing::source_dir() + "/fixtures/sample/";
  std::string run = "'" + (t / "bin/rolemig") + "' plan --users '" + fx + "users.csv' --out '" + (t / "out") + "'";
  EXPECT_EQ(shell(run + " >/dev/null 2>'" + (t / "err") + "'"), 2);
  EXPECT_EQ(slurp(t / "err"), "rolemig: error: the shipped catalog is not found at " + (t / "share/rolemig/mappings") + "; pass --catalog DIR\n");
  EXPECT_FALSE(fs::exists(t.path / "out"));
  // With a catalog named, it needs nothing else.
  EXPECT_EQ(shell(run + " --catalog '" + testing::source_dir() + "/mappings' >/dev/null 2>'" + (t / "err") + "'"), 0) << slurp(t / "err");
}
}  // namespace rolemig

namespace rolemig {
// verify --plan fails closed on a live group's grants_known (review of issue 8):
// a plan.json whose flag was dropped or mistyped must not verify equal.
TEST(CliReview, AGrantsKnownFlagThatIsGoneOrMistypedIsNeverEqual) {
  ScratchDir t("grants-known");
  const std::string fx = testing::source_dir() + "/fixtures/current-unknown-grants/";
  std::string out = t / "plan";
  std::vector<std::string> base = {"--users", fx + "users.csv", "--stores", fx + "stores.csv"};
  std::vector<std::string> plan = {"plan", "--current", fx + "current.json", "--out", out, "--quiet"};
  plan.insert(plan.end(), base.begin(), base.end());
  ASSERT_EQ(cli(plan), 1);
  std::string text = slurp(fs::path(out) / "plan.json");
  auto verify = [&](const std::string& edited) {
    std::string path = t / "edited.json";
    std::ofstream(path) << edited;
    std::vector<std::string> args = {"verify", "--plan", path, "--format", "json"};
    args.insert(args.end(), base.begin(), base.end());
    std::string o, e;
    int status = cli(args, &o, &e);
    return std::pair{status, status == 2 ? e : std::to_string(nlohmann::json::parse(o)["summary"]["users_unverified"].get<int>())};
  };
  EXPECT_EQ(verify(text), std::pair(1, std::string("3")));
  const std::string flag = "\"grants_known\": false";
  ASSERT_NE(text.find(flag), std::string::npos);
  std::string gone = text;
  for (size_t at; (at = gone.find(",\n      " + flag)) != std::string::npos;) gone.erase(at, flag.size() + 8);
  ASSERT_EQ(gone.find("grants_known\": false"), std::string::npos);
  EXPECT_EQ(verify(gone), std::pair(1, std::string("3")));
  std::string mistyped = text;
  mistyped.replace(mistyped.find(flag), flag.size(), "\"grants_known\": \"false\"");
  auto [status, err] = verify(mistyped);
  EXPECT_EQ(status, 2);
  EXPECT_NE(err.find("error: expected 'grants_known' to be true or false, found a string"), std::string::npos) << err;
}
}  // namespace rolemig

namespace rolemig {
namespace fs = std::filesystem;
using namespace rolemig::testing;

namespace {

class JunitTest : public ScratchDirTest {
 protected:
  JunitTest() : ScratchDirTest("junit") {}
  std::string failing_ = source_dir() + "/fixtures/failing/";
};

}  // namespace

TEST_F(JunitTest, WrittenWhenThePlanExitsOneBesideTheReport) {
  const std::string xml = path("ci/report.xml");  // its folder is made
  Result r = run({"plan", "--quiet", "--users", failing_ + "users.csv", "--stores", failing_ + "stores.csv", "--rules", failing_ + "rules.yaml",
                  "--out", path("out"), "--junit", xml});
  ASSERT_EQ(r.status, 1) << r.err;
  const std::string text = slurp(xml);
  EXPECT_EQ(
      text.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"rolemig plan\" tests=\"14\" failures=\"5\" errors=\"0\">\n", 0), 0u)
      << text;
  EXPECT_NE(text.find("    <testcase classname=\"users\" name=\"lena.marsh@fernway.example\">\n"
                      "      <failure message=\"gains access\">gains on account (rule &apos;marketing-lead-admin&apos; → group &apos;Account "
                      "Administrators&apos; → policy &apos;Account Administrators&apos;): Add_User, Delete_Users, Edit_Users, "
                      "Grant_High_Risk_Store_Permissions, Manage_Users</failure>\n"
                      "    </testcase>\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("    <testcase classname=\"Account Administrators\" name=\"no unexpected member\">\n"
                      "      <failure message=\"1 unexpected member\">UNEXPECTED lena.marsh@fernway.example: a member who holds no "
                      "account_admin role and not every account permission it grants</failure>\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("    <testcase classname=\"users\" name=\"owen.fern@fernway.example\"/>\n"), std::string::npos) << text;
  // No staging file is left beside it.
  EXPECT_EQ(std::distance(fs::directory_iterator(path("ci")), fs::directory_iterator()), 1);
}

TEST_F(JunitTest, NothingIsWrittenOnBadInput) {
  write(path("users.csv"), "email,store_id,role\nnot-an-email,1,Admin\n");
  Result r = run({"plan", "--users", path("users.csv"), "--out", path("out"), "--junit", path("report.xml")});
  EXPECT_EQ(r.status, 2);
  EXPECT_FALSE(fs::exists(path("report.xml")));
  EXPECT_FALSE(fs::exists(path("out")));
}

TEST_F(JunitTest, ADirectoryIsRefusedBeforeAnyWork) {
  fs::create_directories(path("dir"));
  Result r = run({"verify", "--current", failing_ + "users.csv", "--users", failing_ + "users.csv", "--junit", path("dir")});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, path("dir") + ": error: expected --junit to name a file, found a directory\n");
}

TEST(JunitXml, EscapesMarkupQuotesAndControlCharacters) {
  EXPECT_EQ(xml_escape("o'brien&<b>\"x\"@a.example"), "o&apos;brien&amp;&lt;b&gt;&quot;x&quot;@a.example");
  EXPECT_EQ(xml_escape("esc\x1b]0;title\x07 \xc2\x9b \xff"), "esc\\x1b]0;title\\x07 \\u009b \\xff");
  EXPECT_EQ(xml_escape("nl\nx \xef\xbf\xbe"), "nl\\nx \\ufffe");
  EXPECT_EQ(xml_escape("Zoë → ok"), "Zoë → ok");
}

TEST_F(JunitTest, VerifyWarnsWhenAnInputIsNotTheOneThePlanWasMadeFrom) {
  for (const char* f : {"users.csv", "stores.csv", "rules.yaml"}) write(path(f), slurp(failing_ + f));
  Result r =
      run({"plan", "--quiet", "--users", path("users.csv"), "--stores", path("stores.csv"), "--rules", path("rules.yaml"), "--out", path("out")});
  ASSERT_EQ(r.status, 1) << r.err;
  // The same inputs: no warning.
  std::vector<std::string> verify = {"verify",   "--quiet",          "--plan",  path("out/plan.json"), "--users", path("users.csv"),
                                     "--stores", path("stores.csv"), "--rules", path("rules.yaml")};
  r = run(verify);
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "");
  // users.csv one line longer since, the rules under another name.
  const std::string recorded_users = sha256_hex(slurp(path("users.csv")));
  const std::string recorded_rules = sha256_hex(slurp(path("rules.yaml")));
  write(path("users.csv"), slurp(failing_ + "users.csv") + "zed@fernway.example,9008,Zed,Z,8101,Admin,,active\n");
  write(path("rules-v2.yaml"), slurp(failing_ + "rules.yaml"));
  verify[9] = path("rules-v2.yaml");
  r = run(verify);
  const std::string plan = path("out/plan.json");
  EXPECT_EQ(r.err, fmt::format("{0}:21:15: warning: the plan was made from rules '{1}' (sha256 {2}), which is not given now\n"
                               "   21 |       \"path\": \"{1}\",\n"
                               "      |               ^\n"
                               "{0}:31:15: warning: users '{3}' differs from the input the plan was made from (sha256 {4} recorded, {5} now)\n"
                               "   31 |       \"path\": \"{3}\",\n"
                               "      |               ^\n"
                               "{0}:3:13: warning: rules '{6}' is given now, but the plan was not made from it (sha256 {2} now)\n"
                               "    3 |   \"inputs\": [\n"
                               "      |             ^\n",
                               plan, path("rules.yaml"), recorded_rules, path("users.csv"), recorded_users, sha256_hex(slurp(path("users.csv"))),
                               path("rules-v2.yaml")));
}

}  // namespace rolemig

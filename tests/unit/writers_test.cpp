#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <sstream>

#include "io/access_csv_reader.h"
#include "io/csv_field.h"
#include "render/access_csv_writer.h"
#include "render/plan_markdown_writer.h"
#include "test_support.h"

namespace rolemig {

TEST(Writers, MarkdownEscapeNeutralisesStructure) {
  EXPECT_EQ(md_escape("a|b"), "a\\|b");
  EXPECT_EQ(md_escape("<script>x</script>"), "&lt;script&gt;x&lt;/script&gt;");
  EXPECT_EQ(md_escape("line\nbreak"), "line break");
  EXPECT_EQ(md_escape("*bold* [link](x) `code` # h"), "\\*bold\\* \\[link\\](x) \\`code\\` \\# h");
  EXPECT_EQ(md_escape("a\x1b]0;t\x07"
                      "b\tc\xc2\x9b"
                      "d \xc3\xa9"),
            "a\\x1b\\]0;t\\x07b\\tc\\u009bd \xc3\xa9");
}

// Issue 8 item 14: a backtick in a store id must not end the key's code span.
TEST(Writers, CodeSpanFenceIsLongerThanAnyBacktickRunInside) {
  EXPECT_EQ(md_code("store-owners@1"), "`store-owners@1`");
  EXPECT_EQ(md_code("store-owners@a`b"), "``store-owners@a`b``");
  EXPECT_EQ(md_code("x@2``y"), "```x@2``y```");
  EXPECT_EQ(md_code("x@`7``"), "``` x@`7`` ```");
  EXPECT_EQ(md_code("a\nb"), "`a\\nb`");
  EXPECT_EQ(md_code("s\x1b]0;t\x07"), "`s\\x1b]0;t\\x07`");
}

TEST(Writers, CsvFieldNeutralisesFormulasAndQuotes) {
  EXPECT_EQ(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
  EXPECT_EQ(csv_field("+1"), "'+1");
  EXPECT_EQ(csv_field("-1"), "'-1");
  EXPECT_EQ(csv_field("@sum"), "'@sum");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("plain@example.com"), "plain@example.com");
}

TEST(Writers, AccessCsvRoundTripsNeutralisedValues) {
  std::istringstream in(
      "email,target,permission\n"
      "'=cmd@x.com,store:1,Manage_Orders\n"
      "\"a,b@x.com\",account,Manage_Users\n");
  AccessSnapshot s = read_access_csv(in, "a.csv");
  ASSERT_EQ(s.size(), 2u);
  EXPECT_TRUE(s.count("=cmd@x.com"));
  EXPECT_TRUE(s.count("a,b@x.com"));
  EXPECT_EQ(csv_unneutralise("'hello"), "'hello");
}

namespace {

// The access CSV as it was written before the rows were streamed: every row
// of every user, sorted globally as bytes.
std::string globally_sorted_access_csv(const Plan& p, const std::vector<AccessMap>& access) {
  std::vector<std::string> rows;
  for (UserIdx u = 0; u < access.size(); ++u) {
    std::string email = csv_field(p.account.users[u].email);
    for (const auto& [t, ps] : access[u]) {
      std::string target = csv_field(p.account.target_name(t));
      ps.for_each([&](PermId id) { rows.push_back(email + "," + target + "," + csv_field(p.catalog.permissions[id].id) + "\n"); });
    }
  }
  std::sort(rows.begin(), rows.end());
  std::string out = "email,target,permission\n";
  for (const auto& r : rows) out += r;
  return out;
}

std::string streamed_access_csv(const Plan& p, const std::vector<AccessMap>& access) {
  std::ostringstream out;
  write_access_csv(p, access, out);
  return out.str();
}

Plan plan_with(const std::vector<std::string>& emails, const std::vector<std::string>& stores) {
  Plan p;
  p.catalog = testing::shipped_catalog();
  for (const auto& e : emails) p.account.users.push_back(User{e, "", "", ""});
  for (const auto& s : stores) p.account.stores.push_back(Store{s, "", ""});
  return p;
}

}  // namespace

// Rows are sorted a user at a time; the file must still be the global byte
// order. The tricky users: an email that is a prefix of another whose next
// byte sorts before the comma ("a" and "a+b", "a b", "a!b": '+', ' ', '!' <
// ','), emails quoted because of a comma or a quote (and then prefixes of
// one another), neutralised formulas, and targets quoted the same way.
TEST(Writers, AccessCsvRowsAreInGlobalByteOrder) {
  const std::vector<std::string> emails = {"a",          "a+b",    "a b", "a!b",  "a,b",  "a,b,c", "\"a\"", "\"a\"\"b",
                                           "a\"",        "=a",     "'=a", "''=a", "a-b",  "a.b",   "ab",    "a@x.com",
                                           "a@x.com.au", "a@x.co", "+1",  "'+1",  "-a,b", "a\tb",  "@a",    "a\"b,"};
  const std::vector<std::string> stores = {"1", "1+2", "1,2", "1\"", "10", "=1"};
  Plan p = plan_with(emails, stores);
  const PermSet some = testing::perms(p.catalog, {"Manage_Orders", "Manage_Products", "Read_Channels", "Manage_Users"});
  const PermSet one = testing::perms(p.catalog, {"Refund_Orders"});
  std::vector<AccessMap> access(emails.size());
  for (size_t u = 0; u < emails.size(); ++u) {
    if (u % 5 == 4) continue;  // a user without access has no rows
    access[u].emplace_back(Target::account(), one);
    for (StoreIdx s = 0; s < stores.size(); ++s) access[u].emplace_back(Target::store(s), (u + s) % 2 ? some : one);
  }
  EXPECT_EQ(streamed_access_csv(p, access), globally_sorted_access_csv(p, access));
}

// The same on random emails and store ids over the bytes that decide the
// order around the comma and the quoting.
TEST(Writers, AccessCsvRowsAreInGlobalByteOrderForRandomValues) {
  std::mt19937 rng(9);
  const std::string alphabet = "a+, \"'=!-@\t.";
  auto random_text = [&](size_t max_len) {
    std::string t(1 + rng() % max_len, ' ');
    for (char& c : t) c = alphabet[rng() % alphabet.size()];
    return t;
  };
  for (int round = 0; round < 50; ++round) {
    std::set<std::string> emails, stores;
    while (emails.size() < 30) emails.insert(random_text(4));
    while (stores.size() < 4) stores.insert(random_text(3));
    Plan p = plan_with({emails.begin(), emails.end()}, {stores.begin(), stores.end()});
    std::vector<AccessMap> access(emails.size());
    for (auto& a : access) {
      for (StoreIdx s = 0; s < stores.size(); ++s) {
        if (rng() % 2) continue;
        PermSet ps = p.catalog.empty_set();
        for (int k = 0; k < 3; ++k) ps.set(static_cast<PermId>(rng() % p.catalog.permissions.size()));
        a.emplace_back(Target::store(s), ps);
      }
    }
    ASSERT_EQ(streamed_access_csv(p, access), globally_sorted_access_csv(p, access)) << "round " << round;
  }
}

TEST(Writers, AccessCsvRejectsAWrongHeader) {
  std::istringstream in("user,target,permission\n");
  try {
    read_access_csv(in, "a.csv");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(render(e.diagnostics()[0]),
              "a.csv:1:1: error: expected the header email,target,permission, found user,target,permission\n"
              "    1 | user,target,permission\n"
              "      | ^\n");
  }
}

}  // namespace rolemig

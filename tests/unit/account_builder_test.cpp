#include "model/account_builder.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "test_support.h"

namespace rolemig {
using namespace rolemig::testing;

// Rows {R}, {C}, {R, C} and {R, C}, {R}, {C} describe the same account: the
// count of duplicates must not depend on their order (none here: no row
// repeats another exactly).
TEST(AccountBuilder, DuplicateRowsAreCountedWhateverTheOrder) {
  const Catalog& cat = shipped_catalog();
  Account a = account_from_csv(cat,
                               "email,store_id,role,permissions\n"
                               "d@x.com,1,Order Fulfillment,Refund_Orders\n"
                               "d@x.com,1,Order Fulfillment,Capture_Funds\n"
                               "d@x.com,1,Order Fulfillment,Refund_Orders;Capture_Funds\n");
  Account b = account_from_csv(cat,
                               "email,store_id,role,permissions\n"
                               "d@x.com,1,Order Fulfillment,Refund_Orders;Capture_Funds\n"
                               "d@x.com,1,Order Fulfillment,Refund_Orders\n"
                               "d@x.com,1,Order Fulfillment,Capture_Funds\n");
  EXPECT_EQ(a.duplicate_rows, 0u);
  EXPECT_EQ(b.duplicate_rows, 0u);
  EXPECT_EQ(a.assignments[0].extras, b.assignments[0].extras);
  Account c = account_from_csv(cat,
                               "email,store_id,role,permissions\n"
                               "d@x.com,1,Order Fulfillment,Refund_Orders\n"
                               "d@x.com,1,Order Fulfillment,Capture_Funds\n"
                               "D@X.com,1,order fulfillment,Refund_Orders\n");
  EXPECT_EQ(c.duplicate_rows, 1u);
  ASSERT_EQ(c.warnings.size(), 1u);
  EXPECT_EQ(c.warnings[0].message, "rows for d@x.com on store 1 differ only in extra permissions; merged them");
}

// A checkbox permission is traced to the first row that gave it: the one row
// of an unmerged assignment, or among merged rows the first holding it.
TEST(AccountBuilder, CheckboxesAreTracedToTheRowThatGaveThem) {
  const Catalog& cat = shipped_catalog();
  Account one = account_from_csv(cat,
                                 "email,store_id,role,permissions\n"
                                 "d@x.com,1,Order Fulfillment,Refund_Orders\n");
  const Assignment& a = one.assignments.at(0);
  EXPECT_TRUE(a.rows.empty());
  EXPECT_EQ(a.checkbox_where(*cat.find_permission("Refund_Orders")).str(), "users.csv:2:1");
  Account merged = account_from_csv(cat,
                                    "email,store_id,role,permissions\n"
                                    "d@x.com,1,Order Fulfillment,Refund_Orders\n"
                                    "d@x.com,1,Order Fulfillment,Capture_Funds\n"
                                    "d@x.com,1,Order Fulfillment,Refund_Orders;Capture_Funds\n");
  const Assignment& m = merged.assignments.at(0);
  ASSERT_EQ(m.rows.size(), 3u);
  EXPECT_EQ(m.checkbox_where(*cat.find_permission("Refund_Orders")).str(), "users.csv:2:1");
  EXPECT_EQ(m.checkbox_where(*cat.find_permission("Capture_Funds")).str(), "users.csv:3:1");
}

// 80,000 rows of one user and store, each with other checkboxes, then each
// again: one lookup per row (it took 20 s when every row was compared with
// every earlier one), the first 20 merges warned about and the rest counted.
TEST(AccountBuilder, ManyRowsOfOneUserAndStoreMergeInOnePass) {
  const Catalog& cat = shipped_catalog();
  std::vector<PermId> store_perms;
  for (PermId p = 0; p < cat.permissions.size() && store_perms.size() < 17; ++p) {
    if (cat.permissions[p].scope == Scope::store && !cat.is_ignored(p)) store_perms.push_back(p);
  }
  ASSERT_EQ(store_perms.size(), 17u);
  AccountBuilder b(cat);
  DiagnosticSink sink;
  const uint32_t rows = 80000;
  for (uint32_t pass = 0; pass < 2; ++pass) {
    for (uint32_t i = 1; i <= rows; ++i) {
      UserRow row;
      row.email = "d@x.com";
      row.store_id = "1";
      row.role = cat.find_role("Order Fulfillment");
      row.extras = cat.empty_set();
      for (size_t bit = 0; bit < store_perms.size(); ++bit)
        if (i & (1u << bit)) row.extras.set(store_perms[bit]);
      row.where = SourceLoc{"users.csv", static_cast<int>(pass * rows + i + 1), 1};
      b.add_row(
          std::move(row),
          [](const SourceLoc&) {
            return Excerpt{"d@x.com,1,Order Fulfillment,...", 1};
          },
          sink);
    }
  }
  EXPECT_TRUE(sink.empty());
  Account a = b.finish();
  ASSERT_EQ(a.assignments.size(), 1u);
  EXPECT_EQ(a.duplicate_rows, rows);
  PermSet all = cat.empty_set();
  for (PermId p : store_perms) all.set(p);
  EXPECT_EQ(a.assignments[0].extras, all);
  ASSERT_EQ(a.warnings.size(), 21u);
  EXPECT_EQ(a.warnings[0].loc.line, 3);
  EXPECT_EQ(a.warnings[0].note, "first given at users.csv:2:1");
  EXPECT_EQ(a.warnings[20].message, "and 79,979 more merged rows that differ only in extra permissions (not shown)");
  EXPECT_EQ(a.warnings[20].loc.str(), "users.csv");
}

// Users come out in byte order of their emails, whether they differ in the
// first eight bytes (compared as one number) or only after them, one email
// a prefix of another, or bytes above 0x7F.
TEST(AccountBuilder, UsersAreInByteOrderOfEmail) {
  const Catalog& cat = shipped_catalog();
  std::vector<std::string> emails = {"abcdefgh1@x.co", "abcdefgh0@x.co", "abcdefg@x.co",           "b@x.co",
                                     "a@x.co",         "abcdefgh@x.co",  "\xc3\xa9t\xc3\xa9@x.co", "abcdefgh0@x.com"};
  std::string csv = "email,store_id,role\n";
  for (const auto& e : emails) csv += e + ",1,Order Fulfillment\n";
  Account acc = account_from_csv(cat, csv);
  std::sort(emails.begin(), emails.end());
  std::vector<std::string> got;
  for (const auto& u : acc.users) got.push_back(u.email);
  EXPECT_EQ(got, emails);
}

}  // namespace rolemig

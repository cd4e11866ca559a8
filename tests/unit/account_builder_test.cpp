#include "model/account_builder.h"

#include <gtest/gtest.h>

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

}  // namespace rolemig

#include "io/stores_csv_reader.h"
#include "io/users_reader.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <fstream>
#include <functional>
#include <sstream>
#include <thread>

#include "io/catalog_loader.h"
#include "model/account_builder.h"
#include "util/error.h"
#include "util/file.h"
#include "util/sha256.h"
#include "test_files.h"

namespace rolemig {

namespace {

const Catalog& catalog() {
  static const Catalog cat = load_catalog_dir(ROLEMIG_SOURCE_DIR "/mappings");
  return cat;
}

Account from_csv(const std::string& csv) {
  AccountBuilder b(catalog());
  std::istringstream in(csv);
  read_users_csv(in, "users.csv", catalog(), b);
  return b.finish();
}

Account from_json(const std::string& json) {
  AccountBuilder b(catalog());
  read_users_json(json, "users.json", catalog(), b);
  return b.finish();
}

std::string rendered(const InputError& e) {
  std::string out;
  for (const auto& d : e.diagnostics()) out += render(d);
  return out;
}

// The rendered errors of reading `csv`; "" when it reads cleanly.
std::string csv_error(const std::string& csv) {
  try {
    from_csv(csv);
  } catch (const InputError& e) {
    return rendered(e);
  }
  return "";
}

std::string json_error(const std::string& json) {
  try {
    from_json(json);
  } catch (const InputError& e) {
    return rendered(e);
  }
  return "";
}

std::vector<std::string> names(const PermSet& s) { return catalog().names(s); }

PermSet role_perms(const char* role) { return catalog().roles[*catalog().find_role(role)].perms; }

std::string role_of(const Assignment& a) { return a.role ? catalog().roles[*a.role].name : "-"; }

using Strings = std::vector<std::string>;

// A GraphQL Account API response with one store; `users` is the users list.
std::string response(const std::string& store_id, const std::string& store_name, const std::string& users) {
  return R"({"data": {"account": {"stores": {"edges": [{"node": {"id": ")" + store_id + R"(", "name": ")" + store_name +
         R"(", "users": {"edges": [)" + users + "]}}}]}}}}";
}

std::string user(const std::string& email, const std::string& perms, const std::string& status = "ACTIVE") {
  return R"({"node": {"id": "u-)" + email + R"(", "email": ")" + email + R"(", "firstName": "F", "lastName": "L", "permissions": [)" + perms +
         R"(], "status": ")" + status + R"("}})";
}

// The JSON list of a role's permission ids, plus No_Permission_Required as every export has.
std::string json_perms(const char* role) {
  std::string out = "\"No_Permission_Required\"";
  for (const auto& id : names(role_perms(role))) out += ", \"" + id + "\"";
  return out;
}

}  // namespace

// ---------------------------------------------------------------- CSV

TEST(UsersCsv, ColumnsInAnyOrderAndCaseUnknownOnesIgnored) {
  Account acc = from_csv(
      "Store_ID,Notes,ROLE,Email,First_Name\n"
      "1,hello,order fulfillment,Alice@Example.COM,Alice\n");
  ASSERT_EQ(acc.users.size(), 1u);
  EXPECT_EQ(acc.users[0].email, "alice@example.com");
  EXPECT_EQ(acc.users[0].first_name, "Alice");
  ASSERT_EQ(acc.stores.size(), 1u);
  EXPECT_EQ(acc.stores[0].id, "1");
  EXPECT_EQ(acc.stores[0].name, "1");  // no stores file: the id is the name
  ASSERT_EQ(acc.assignments.size(), 1u);
  const Assignment& a = acc.assignments[0];
  EXPECT_EQ(role_of(a), "Order Fulfillment");
  EXPECT_FALSE(a.role_inferred);
  EXPECT_TRUE(a.extras.empty());
  EXPECT_EQ(a.perms, role_perms("Order Fulfillment"));
  EXPECT_EQ(a.status, Status::active);
  EXPECT_EQ(a.where.str(), "users.csv:2:1");
  EXPECT_EQ(acc.duplicate_rows, 0u);
  EXPECT_TRUE(acc.warnings.empty());
}

TEST(UsersCsv, EmailsAreFoldedIntoOneUser) {
  Account acc = from_csv(
      "email,store_id,role\n"
      "Bob@X.com,2,Admin\n"
      "bob@x.COM,1,Marketing\n");
  ASSERT_EQ(acc.users.size(), 1u);
  EXPECT_EQ(acc.users[0].email, "bob@x.com");
  ASSERT_EQ(acc.assignments.size(), 2u);
  // Sorted by (user, store id).
  EXPECT_EQ(acc.stores[acc.assignments[0].store].id, "1");
  EXPECT_EQ(role_of(acc.assignments[0]), "Marketing");
  EXPECT_EQ(acc.stores[acc.assignments[1].store].id, "2");
  EXPECT_EQ(role_of(acc.assignments[1]), "Admin");
}

TEST(UsersCsv, PermissionsAreSplitOnSemicolons) {
  Account acc = from_csv(
      "email,store_id,permissions,status\n"
      "a@x.com,1, Manage_Orders ;Edit_Orders;;No_Permission_Required,Invited\n");
  ASSERT_EQ(acc.assignments.size(), 1u);
  const Assignment& a = acc.assignments[0];
  EXPECT_EQ(role_of(a), "-");
  EXPECT_EQ(names(a.extras), (Strings{"Manage_Orders", "Edit_Orders"}));
  EXPECT_EQ(names(a.perms), (Strings{"Manage_Orders", "Edit_Orders"}));
  EXPECT_EQ(a.status, Status::invited);
}

TEST(UsersCsv, RoleAndExtraPermissions) {
  Account acc = from_csv(
      "email,store_id,role,permissions\n"
      "a@x.com,1,Order Fulfillment,Refund_Orders\n");
  const Assignment& a = acc.assignments[0];
  EXPECT_EQ(names(a.extras), (Strings{"Refund_Orders"}));
  EXPECT_EQ(a.perms, role_perms("Order Fulfillment") | a.extras);
}

TEST(UsersCsv, IdenticalDuplicateRowsAreCounted) {
  Account acc = from_csv(
      "email,store_id,role,permissions\n"
      "a@x.com,1,Marketing,\"Refund_Orders;Edit_Orders\"\n"
      "A@X.COM,1,MARKETING,Edit_Orders;Refund_Orders\n"
      "a@x.com,1,marketing,Refund_Orders;Edit_Orders;Refund_Orders\n");
  EXPECT_EQ(acc.duplicate_rows, 2u);
  EXPECT_EQ(acc.assignments.size(), 1u);
  EXPECT_TRUE(acc.warnings.empty());
}

TEST(UsersCsv, RowsDifferingOnlyInExtraPermissionsAreMergedWithAWarning) {
  Account acc = from_csv(
      "email,store_id,role,permissions\n"
      "a@x.com,1,Marketing,Edit_Orders\n"
      "A@x.com,1,Marketing,Refund_Orders\n");
  ASSERT_EQ(acc.assignments.size(), 1u);
  EXPECT_EQ(names(acc.assignments[0].extras), (Strings{"Edit_Orders", "Refund_Orders"}));
  EXPECT_EQ(acc.duplicate_rows, 0u);
  ASSERT_EQ(acc.warnings.size(), 1u);
  EXPECT_EQ(render(acc.warnings[0]),
            "users.csv:3:1: warning: rows for a@x.com on store 1 differ only in extra permissions; merged them; "
            "first given at users.csv:2:1\n"
            "    3 | A@x.com,1,Marketing,Refund_Orders\n"
            "      | ^\n");
}

TEST(UsersCsv, SameUserAndStoreWithDifferentRolesIsAnError) {
  EXPECT_EQ(csv_error("email,store_id,role\n"
                      "a@x.com,1,Admin\n"
                      "b@x.com,1,Admin\n"
                      "A@X.com,1,Marketing\n"),
            "users.csv:4:1: error: expected one role for a@x.com on store 1, found 'Marketing' here and 'Admin' before; "
            "first given at users.csv:2:1\n"
            "    4 | A@X.com,1,Marketing\n"
            "      | ^\n");
}

TEST(UsersCsv, RoleAgainstNoRoleIsAnError) {
  EXPECT_EQ(csv_error("email,store_id,role,permissions\n"
                      "a@x.com,1,,Edit_Orders\n"
                      "a@x.com,1,Admin,\n"),
            "users.csv:3:1: error: expected one role for a@x.com on store 1, found 'Admin' here and no role before; "
            "first given at users.csv:2:1\n"
            "    3 | a@x.com,1,Admin,\n"
            "      | ^\n");
}

TEST(UsersCsv, SameUserAndStoreWithDifferentStatusesIsAnError) {
  EXPECT_EQ(csv_error("email,store_id,role,status\n"
                      "a@x.com,1,Admin,active\n"
                      "a@x.com,1,Admin,suspended\n"),
            "users.csv:3:1: error: expected one status for a@x.com on store 1, found suspended here and active before; "
            "first given at users.csv:2:1\n"
            "    3 | a@x.com,1,Admin,suspended\n"
            "      | ^\n");
}

TEST(UsersCsv, UserIdMustMapToOneEmail) {
  EXPECT_EQ(csv_error("email,user_id,store_id,role\n"
                      "a@x.com,42,1,Admin\n"
                      "A@X.COM,42,2,Admin\n"
                      "b@x.com,42,2,Admin\n"),
            "users.csv:4:9: error: expected user_id '42' to belong to one email, found it for a@x.com and b@x.com; "
            "first given at users.csv:2:9\n"
            "    4 | b@x.com,42,2,Admin\n"
            "      |         ^\n");
}

TEST(UsersCsv, UnknownRoleSuggestsTheNearest) {
  EXPECT_EQ(csv_error("email,store_id,role\n"
                      "a@x.com,1,Order Fulfilment\n"),
            "users.csv:2:11: error: expected a standard or custom role, found 'Order Fulfilment'; did you mean 'Order Fulfillment'?\n"
            "    2 | a@x.com,1,Order Fulfilment\n"
            "      |           ^\n");
  EXPECT_EQ(csv_error("email,store_id,role\n"
                      "a@x.com,1,Warehouse\n"),
            "users.csv:2:11: error: expected a standard or custom role, found 'Warehouse'\n"
            "    2 | a@x.com,1,Warehouse\n"
            "      |           ^\n");
}

TEST(UsersCsv, UnknownPermissionIsReportedAtItsOwnColumn) {
  EXPECT_EQ(csv_error("email,store_id,permissions\n"
                      "a@x.com,1,Manage_Orders;Edit_Ordrs\n"),
            "users.csv:2:25: error: expected a permission id defined in permissions.yaml, found 'Edit_Ordrs'; did you mean 'Edit_Orders'?\n"
            "    2 | a@x.com,1,Manage_Orders;Edit_Ordrs\n"
            "      |                         ^\n");
  // In a quoted field, after a blank.
  EXPECT_EQ(csv_error("email,store_id,permissions\n"
                      "a@x.com,1,\"Manage_Orders; Bogus\"\n"),
            "users.csv:2:27: error: expected a permission id defined in permissions.yaml, found 'Bogus'\n"
            "    2 | a@x.com,1,\"Manage_Orders; Bogus\"\n"
            "      |                           ^\n");
}

TEST(UsersCsv, ErrorsInALaterLineOfAMultiLineRecordShowThatLine) {
  EXPECT_EQ(csv_error("email,first_name,store_id,role,permissions\n"
                      "a@x.com,\"Line\n"
                      "Two\",1,Admn,\"Bogus\"\n"),
            "users.csv:3:8: error: expected a standard or custom role, found 'Admn'; did you mean 'Admin'?\n"
            "    3 | Two\",1,Admn,\"Bogus\"\n"
            "      |        ^\n"
            "users.csv:3:14: error: expected a permission id defined in permissions.yaml, found 'Bogus'\n"
            "    3 | Two\",1,Admn,\"Bogus\"\n"
            "      |              ^\n");
}

TEST(UsersCsv, EveryBadRowIsReported) {
  EXPECT_EQ(csv_error("email,store_id,role,status\n"
                      "a@x.com,1,Admn,\n"
                      "b@x.com,1,Admin,gone\n"
                      "nobody,1,Admin,\n"
                      ",1,Admin,\n"
                      "c@x.com,,Admin,\n"),
            "users.csv:2:11: error: expected a standard or custom role, found 'Admn'; did you mean 'Admin'?\n"
            "    2 | a@x.com,1,Admn,\n"
            "      |           ^\n"
            "users.csv:3:17: error: expected a status (active, invited, suspended), found 'gone'\n"
            "    3 | b@x.com,1,Admin,gone\n"
            "      |                 ^\n"
            "users.csv:4:1: error: expected an email address, found 'nobody' (has no '@')\n"
            "    4 | nobody,1,Admin,\n"
            "      | ^\n"
            "users.csv:5:1: error: expected an email, found an empty field\n"
            "    5 | ,1,Admin,\n"
            "      | ^\n"
            "users.csv:6:9: error: expected a store_id, found an empty field\n"
            "    6 | c@x.com,,Admin,\n"
            "      |         ^\n");
}

TEST(UsersCsv, MissingRequiredColumn) {
  EXPECT_EQ(csv_error("mail,store_id,role\n"
                      "a@x.com,1,Admin\n"),
            "users.csv:1:1: error: expected a column named 'email', found columns mail,store_id,role; did you mean 'email' for 'mail'?\n"
            "    1 | mail,store_id,role\n"
            "      | ^\n");
  EXPECT_EQ(csv_error("email,role\n"
                      "a@x.com,Admin\n"),
            "users.csv:1:1: error: expected a column named 'store_id', found columns email,role\n"
            "    1 | email,role\n"
            "      | ^\n");
}

TEST(UsersCsv, DuplicateKnownColumn) {
  EXPECT_EQ(csv_error("email,store_id,Email\n"
                      "a@x.com,1,b@x.com\n"),
            "users.csv:1:16: error: expected each column once, found 'email' twice\n"
            "    1 | email,store_id,Email\n"
            "      |                ^\n");
}

TEST(UsersCsv, RowWithTooManyOrTooFewFields) {
  EXPECT_EQ(csv_error("email,store_id,role\n"
                      "a@x.com,1,Admin,extra\n"
                      "b@x.com,1\n"),
            "users.csv:2:17: error: expected 3 fields as in the header, found 4 (a value with a ',' must be in double quotes)\n"
            "    2 | a@x.com,1,Admin,extra\n"
            "      |                 ^\n"
            "users.csv:3:10: error: expected 3 fields as in the header, found 2 (no 'role')\n"
            "    3 | b@x.com,1\n"
            "      |          ^\n");
}

TEST(UsersCsv, TooFewFieldsIsReportedAtTheEndOfTheRecordsLastLine) {
  EXPECT_EQ(csv_error("email,first_name,store_id,role,status\r\n"
                      "a@x.com,\"Ann\r\nMarie\",1\r\n"),
            "users.csv:3:9: error: expected 5 fields as in the header, found 3 (no 'role', 'status')\n"
            "    3 | Marie\",1\n"
            "      |         ^\n");
}

TEST(StoresCsv, RowWithTooManyOrTooFewFields) {
  AccountBuilder b(catalog());
  std::istringstream in("store_id,name,region\n1,Main,eu,x\n2,Outlet\n");
  try {
    read_stores_csv(in, "stores.csv", b);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(rendered(e),
              "stores.csv:2:11: error: expected 3 fields as in the header, found 4 (a value with a ',' must be in double quotes)\n"
              "    2 | 1,Main,eu,x\n"
              "      |           ^\n"
              "stores.csv:3:9: error: expected 3 fields as in the header, found 2 (no 'region')\n"
              "    3 | 2,Outlet\n"
              "      |         ^\n");
  }
}

TEST(UsersCsv, UnknownStatusSuggestsTheNearest) {
  EXPECT_EQ(csv_error("email,store_id,role,status\n"
                      "a@x.com,1,Admin,suspnded\n"),
            "users.csv:2:17: error: expected a status (active, invited, suspended), found 'suspnded'; did you mean 'suspended'?\n"
            "    2 | a@x.com,1,Admin,suspnded\n"
            "      |                 ^\n");
}

TEST(UsersCsv, RowWithNeitherRoleNorPermissions) {
  EXPECT_EQ(csv_error("email,store_id,role,permissions\n"
                      "Ann@X.com,1,,\n"),
            "users.csv:2:1: error: expected a role or permissions for ann@x.com on store 1, found neither\n"
            "    2 | Ann@X.com,1,,\n"
            "      | ^\n");
}

TEST(UsersCsv, NoPermissionRequiredAloneKeepsTheUserWithEmptyAccess) {
  Account acc = from_csv("email,store_id,permissions\na@x.com,1,No_Permission_Required\n");
  ASSERT_EQ(acc.assignments.size(), 1u);
  EXPECT_TRUE(acc.assignments[0].perms.empty());
}

TEST(UsersCsv, HeaderOnlyFile) {
  EXPECT_EQ(csv_error("email,store_id,role\n"), "users.csv:2:1: error: expected at least one user row after the header, found none\n");
  EXPECT_EQ(csv_error(""), "users.csv:1:1: error: expected a header row (email,store_id,...), found an empty file\n");
}

TEST(UsersCsv, ASyntaxErrorIsReportedAfterTheRowsProblemsBeforeIt) {
  EXPECT_EQ(csv_error("email,store_id,role\n"
                      "a@x.com,1,Admn\n"
                      "b@x.com,1,Ad\"min\n"
                      "c@x.com,1,Bogus\n"),
            "users.csv:2:11: error: expected a standard or custom role, found 'Admn'; did you mean 'Admin'?\n"
            "    2 | a@x.com,1,Admn\n"
            "      |           ^\n"
            "users.csv:3:13: error: expected a field without quotes or a fully quoted field, found a stray '\"'\n"
            "    3 | b@x.com,1,Ad\"min\n"
            "      |             ^\n");
}

// Rows are parsed and added to the account a batch of 4,096 at a time on two
// threads: problems found by either, around and across a batch's end, come in
// row order, and a syntax error after them last.
TEST(UsersCsv, ProblemsAcrossBatchesComeInRowOrder) {
  std::string csv = "email,store_id,role\n";
  std::string expected;
  for (int line = 2; line <= 9000; ++line) {
    if (line == 4097 || line == 4099) {
      csv += fmt::format("u{}@x.com,1,Bogus\n", line);
      std::string text = fmt::format("u{}@x.com,1,Bogus", line);
      expected += fmt::format(
          "users.csv:{}:{}: error: expected a standard or custom role, found 'Bogus'\n"
          "{:>5} | {}\n"
          "      |{}^\n",
          line, text.size() - 4, line, text, std::string(text.size() - 4, ' '));
    } else if (line == 4098 || line == 8191) {
      // The user and store of line 2, with another role: the AccountBuilder's problem.
      csv += "u2@x.com,1,Marketing\n";
      expected += fmt::format(
          "users.csv:{0}:1: error: expected one role for u2@x.com on store 1, found 'Marketing' here and 'Admin' before; first given at "
          "users.csv:2:1\n"
          "{1:>5} | u2@x.com,1,Marketing\n"
          "      | ^\n",
          line, line);
    } else if (line == 9000) {
      csv += "u9000@x.com,1,Ad\"min\n";
      expected +=
          "users.csv:9000:17: error: expected a field without quotes or a fully quoted field, found a stray '\"'\n"
          " 9000 | u9000@x.com,1,Ad\"min\n"
          "      |                 ^\n";
    } else {
      csv += fmt::format("u{}@x.com,1,Admin\n", line);
    }
  }
  EXPECT_EQ(csv_error(csv), expected);
}

// A stream that hands out `text` 16 bytes at a time, then fails as a broken
// read does (InputStreambuf throws the InputReader's error).
class FailingStreambuf : public std::streambuf {
 public:
  explicit FailingStreambuf(std::string text) : text_(std::move(text)) {}

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    if (at_ >= text_.size()) throw InputError(Diagnostic{SourceLoc{"users.csv", 0, 0}, "expected a readable file, found an I/O error", "", ""});
    const size_t n = std::min<size_t>(sizeof chunk_, text_.size() - at_);
    std::copy_n(text_.data() + at_, n, chunk_);
    at_ += n;
    setg(chunk_, chunk_, chunk_ + n);
    return traits_type::to_int_type(*gptr());
  }

 private:
  std::string text_;
  size_t at_ = 0;
  char chunk_[16];
};

// A read error comes after the problems of the rows read before it: the
// reader reads no further ahead than the stream holds.
TEST(UsersCsv, AReadErrorComesAfterTheRowsBeforeIt) {
  std::string csv = "email,store_id,role\n";
  for (int line = 2; line <= 300; ++line) csv += fmt::format("u{}@x.com,1,Admin\n", line);
  csv += "u301@x.com,1,Bogus\nu302@x.com,1,Admin\nu303@x.com,1,Ad";  // the read fails inside row 303
  FailingStreambuf buf(csv);
  std::istream in(&buf);
  AccountBuilder b(catalog());
  try {
    read_users_csv(in, "users.csv", catalog(), b);
    FAIL() << "expected an error";
  } catch (const InputError& e) {
    EXPECT_EQ(rendered(e),
              "users.csv:301:14: error: expected a standard or custom role, found 'Bogus'\n"
              "  301 | u301@x.com,1,Bogus\n"
              "      |              ^\n"
              "users.csv: error: expected a readable file, found an I/O error\n");
  }
}

// With 20 problems (the cap) reading stops: neither a 21st problem in a later
// batch nor a syntax error after it is reported.
TEST(UsersCsv, ReadingStopsAtTheCapOfProblems) {
  std::string csv = "email,store_id,role\n";
  for (int line = 2; line <= 9000; ++line) {
    if (line % 400 == 0 && line <= 8400)
      csv += fmt::format("u{}@x.com,1,Bogus\n", line);  // 21 of them, the last in the third batch
    else if (line == 8999)
      csv += "u8999@x.com,1,\"Admin\n";
    else
      csv += fmt::format("u{}@x.com,1,Admin\n", line);
  }
  try {
    from_csv(csv);
    FAIL() << "expected an error";
  } catch (const InputError& e) {
    ASSERT_EQ(e.diagnostics().size(), 20u);
    EXPECT_EQ(e.diagnostics().front().loc.line, 400);
    EXPECT_EQ(e.diagnostics().back().loc.line, 8000);
  }
}

TEST(UsersCsv, SyntaxErrorsComeFromTheCsvReader) {
  EXPECT_EQ(csv_error("email,store_id,role\n"
                      "a@x.com,1,\"Admin\n"),
            "users.csv:2:11: error: expected a closing '\"' for the quoted field opened here, found end of file\n"
            "    2 | a@x.com,1,\"Admin\n"
            "      |           ^\n");
}

// ---------------------------------------------------------------- JSON

TEST(UsersJson, PermissionSetEqualToAStandardRoleIsInferred) {
  Account acc = from_json(response("1", "Main", user("Ann@X.com", json_perms("Order Fulfillment"))));
  ASSERT_EQ(acc.assignments.size(), 1u);
  const Assignment& a = acc.assignments[0];
  EXPECT_EQ(role_of(a), "Order Fulfillment");
  EXPECT_TRUE(a.role_inferred);
  EXPECT_TRUE(a.extras.empty());
  EXPECT_EQ(a.perms, role_perms("Order Fulfillment"));
  EXPECT_EQ(acc.users[0].email, "ann@x.com");
  EXPECT_EQ(acc.users[0].user_id, "u-Ann@X.com");
  EXPECT_EQ(acc.users[0].first_name, "F");
  EXPECT_EQ(acc.stores[0].id, "1");
  EXPECT_EQ(acc.stores[0].name, "Main");
}

TEST(UsersJson, StoreOwnerIsRecognised) {
  Account acc = from_json(response("1", "Main", user("owner@x.com", json_perms("Store Owner"))));
  EXPECT_EQ(role_of(acc.assignments[0]), "Store Owner");
  EXPECT_TRUE(acc.assignments[0].role_inferred);
}

TEST(UsersJson, PermissionSetMatchingNoRoleKeepsItsPermissions) {
  Account acc = from_json(response("1", "Main", user("a@x.com", R"("Manage_Orders", "Refund_Orders")")));
  const Assignment& a = acc.assignments[0];
  EXPECT_EQ(role_of(a), "-");
  EXPECT_FALSE(a.role_inferred);
  EXPECT_EQ(names(a.perms), (Strings{"Manage_Orders", "Refund_Orders"}));
}

TEST(UsersJson, NoPermissionRequiredOnlyUserIsKeptWithEmptyAccess) {
  Account acc = from_json(response("1", "Main", user("a@x.com", R"("No_Permission_Required")", "INVITED")));
  ASSERT_EQ(acc.users.size(), 1u);
  ASSERT_EQ(acc.assignments.size(), 1u);
  EXPECT_EQ(role_of(acc.assignments[0]), "-");
  EXPECT_FALSE(acc.assignments[0].role_inferred);
  EXPECT_TRUE(acc.assignments[0].perms.empty());
  EXPECT_EQ(acc.assignments[0].status, Status::invited);
}

TEST(UsersJson, DuplicatePermissionsAreMerged) {
  Account acc = from_json(response("1", "Main", user("a@x.com", R"("Manage_Orders", "Edit_Orders", "Manage_Orders")")));
  EXPECT_EQ(names(acc.assignments[0].perms), (Strings{"Manage_Orders", "Edit_Orders"}));
  EXPECT_EQ(acc.duplicate_rows, 0u);
  EXPECT_TRUE(acc.warnings.empty());
}

// A response with pageInfo: `stores_more` and `users_more` are what its
// stores and its store's users say of the pages after it.
std::string paged(const std::string& store_id, bool stores_more, bool users_more, const std::string& users) {
  auto info = [](bool more) { return std::string(R"("pageInfo": {"hasNextPage": )") + (more ? "true" : "false") + R"(, "endCursor": "c"}, )"; };
  return R"({"data": {"account": {"stores": {)" + info(stores_more) + R"("edges": [{"node": {"id": ")" + store_id + R"(", "users": {)" +
         info(users_more) + R"("edges": [)" + users + "]}}}]}}}}";
}

TEST(UsersJson, AnExportCutBeforeItsLastPageIsRefused) {
  // Store 1's users on two pages, then store 2: only the first page read.
  const std::string first = paged("1", true, true, user("a@x.com", R"("Manage_Orders")"));
  const std::string excerpt =
      "    1 | [{\"data\": {\"account\": {\"stores\": {\"pageInfo\": {\"hasNextPage\": true, \"endCursor\": \"c\"}, \"edges\": [{\"node\": {\"id\": "
      "\"1\", \"users\": {\"pageInfo\": {\"hasNextPage\": true, \"endCursor\": \"c\"}, \"edges\": [{\"node\": ...\n";
  EXPECT_EQ(
      json_error("[" + first + "]"),
      "users.json:1:63: error: expected a page of stores with hasNextPage false (the last page), found true on every page: the export stops "
      "before its end; fetch the remaining pages into this file\n" +
          excerpt + "      |" + std::string(63, ' ') + "^\n" +
          "users.json:1:157: error: expected a page of the users of store '1' with hasNextPage false (the last page), found true on every page: "
          "the export stops before its end; fetch the remaining pages into this file\n" +
          excerpt + "      |" + std::string(157, ' ') + "^\n");
  // The stores all read, store 1's users not: JSON Lines, the second page of store 1's users missing.
  const std::string lines = first + "\n" + paged("2", false, false, user("b@x.com", R"("Manage_Orders")")) + "\n";
  const std::string error = json_error(lines);
  EXPECT_EQ(error.find("users.json:1:156: error: expected a page of the users of store '1' with hasNextPage false"), 0u) << error;
  EXPECT_EQ(error.find("a page of stores"), std::string::npos) << error;
}

// A page refused for another reason may be the one that says it is the
// last: its problem is reported, not a cut export.
TEST(UsersJson, ACutIsNotReportedBesideOtherProblems) {
  const std::string first = paged("1", true, true, user("a@x.com", R"("Manage_Orders")"));
  const std::string last = R"({"errors": [{"message": "rate limited"}], "data": null})";
  const std::string error = json_error(first + "\n" + last + "\n");
  EXPECT_EQ(error.find("users.json:2:12: error: expected a complete export, found GraphQL errors in the response: 'rate limited'"), 0u) << error;
  EXPECT_EQ(error.find("hasNextPage"), std::string::npos) << error;
}

TEST(UsersJson, AWholeExportReadsInAnyPageOrder) {
  const std::string pages[] = {paged("1", true, true, user("a@x.com", R"("Manage_Orders")")),
                               paged("2", true, false, user("b@x.com", R"("Manage_Orders")")),
                               paged("1", false, false, user("c@x.com", R"("Manage_Orders")"))};
  EXPECT_EQ(json_error("[" + pages[0] + "," + pages[1] + "," + pages[2] + "]"), "");
  EXPECT_EQ(json_error(pages[2] + "\n" + pages[1] + "\n" + pages[0] + "\n"), "");
  EXPECT_EQ(from_json("[" + pages[2] + "," + pages[0] + "," + pages[1] + "]").users.size(), 3u);
}

TEST(UsersJson, PagesWithoutPageInfoSayNothingOfTheirEnd) {
  EXPECT_EQ(json_error(response("1", "Main", user("a@x.com", R"("Manage_Orders")"))), "");
  EXPECT_EQ(json_error(R"({"data": {"account": {"stores": {"pageInfo": {"endCursor": "c"}, "edges": [{"node": {"id": "1", "users": )"
                       R"({"pageInfo": {"hasNextPage": null}, "edges": [)" +
                       user("a@x.com", R"("Manage_Orders")") + "]}}}]}}}}"),
            "");
}

TEST(UsersJson, HasNextPageIsTrueOrFalse) {
  EXPECT_EQ(
      json_error(R"({"data": {"account": {"stores": {"pageInfo": {"hasNextPage": "no"}, "edges": [{"node": {"id": "1", "users": )"
                 R"({"edges": [)" +
                 user("a@x.com", R"("Manage_Orders")") + "]}}}]}}}}"),
      "users.json:1:62: error: expected 'hasNextPage' to be true or false, found a string\n"
      "    1 | {\"data\": {\"account\": {\"stores\": {\"pageInfo\": {\"hasNextPage\": \"no\"}, \"edges\": [{\"node\": {\"id\": \"1\", \"users\": "
      "{\"edges\": [{\"node\": {\"id\": \"u-a@x.com\", \"email\": \"a@x.com\", \"firstName\": \"F\", \"lastName\": \"L...\n"
      "      |" +
          std::string(62, ' ') + "^\n");
}

TEST(UsersJson, StoresAcrossPagesAreMerged) {
  std::string pages = "[\n" + response("1", "Main", user("a@x.com", R"("Manage_Orders")")) + ",\n" +
                      response("1", "Main", user("b@x.com", R"("Edit_Orders")")) + ",\n" +
                      response("2", "Outlet", user("A@x.com", R"("Manage_Orders")")) + "\n]";
  Account acc = from_json(pages);
  ASSERT_EQ(acc.stores.size(), 2u);
  EXPECT_EQ(acc.stores[0].id + "=" + acc.stores[0].name, "1=Main");
  EXPECT_EQ(acc.stores[1].id + "=" + acc.stores[1].name, "2=Outlet");
  ASSERT_EQ(acc.users.size(), 2u);
  EXPECT_EQ(acc.users[0].email, "a@x.com");
  EXPECT_EQ(acc.users[1].email, "b@x.com");
  EXPECT_EQ(acc.assignments.size(), 3u);
  // JSON Lines gives the same account.
  std::string lines = response("1", "Main", user("a@x.com", R"("Manage_Orders")")) + "\n" +
                      response("1", "Main", user("b@x.com", R"("Edit_Orders")")) + "\n" +
                      response("2", "Outlet", user("A@x.com", R"("Manage_Orders")")) + "\n";
  Account acc2 = from_json(lines);
  EXPECT_EQ(acc2.stores.size(), 2u);
  EXPECT_EQ(acc2.users.size(), 2u);
  EXPECT_EQ(acc2.assignments.size(), 3u);
}

TEST(UsersJson, PlainListsAndNodesConnectionsAreFollowed) {
  Account acc = from_json(R"({"data": {"account": {"stores": [{"id": 7, "name": "Seven", "users": {"nodes": [)"
                          R"({"email": "a@x.com", "permissions": ["Manage_Orders"]}]}}]}}})");
  ASSERT_EQ(acc.stores.size(), 1u);
  EXPECT_EQ(acc.stores[0].id, "7");
  EXPECT_EQ(acc.stores[0].name, "Seven");
  EXPECT_EQ(acc.assignments.size(), 1u);
}

TEST(UsersJson, GraphQlErrorsAreRefusedWithTheirMessage) {
  EXPECT_EQ(json_error("{\"errors\": [{\"message\": \"Rate limit exceeded\"}], \"data\": null}"),
            "users.json:1:12: error: expected a complete export, found GraphQL errors in the response: 'Rate limit exceeded'\n"
            "    1 | {\"errors\": [{\"message\": \"Rate limit exceeded\"}], \"data\": null}\n"
            "      |            ^\n");
}

TEST(UsersJson, MissingData) {
  EXPECT_EQ(json_error("{\"extensions\": {}}"),
            "users.json:1:1: error: expected a response with a 'data' object, found none\n"
            "    1 | {\"extensions\": {}}\n"
            "      | ^\n");
  EXPECT_EQ(json_error("{\"data\": null}"),
            "users.json:1:10: error: expected a response with a 'data' object, found null\n"
            "    1 | {\"data\": null}\n"
            "      |          ^\n");
}

TEST(UsersJson, UnknownPermissionIsReportedAtTheValue) {
  EXPECT_EQ(json_error("{\"data\": {\"account\": {\"stores\": [{\"id\": \"1\", \"users\": [\n"
                       "  {\"email\": \"a@x.com\", \"permissions\": [\"Manage_Orders\", \"Edit_Ordrs\"]}\n"
                       "]}]}}}\n"),
            "users.json:2:57: error: expected a permission id defined in permissions.yaml, found 'Edit_Ordrs'; did you mean 'Edit_Orders'?\n"
            "    2 |   {\"email\": \"a@x.com\", \"permissions\": [\"Manage_Orders\", \"Edit_Ordrs\"]}\n"
            "      |                                                         ^\n");
}

TEST(UsersJson, UserIdForTwoEmailsShowsTheIdsOwnLine) {
  EXPECT_EQ(json_error("{\"data\": {\"account\": {\"stores\": [\n"
                       "  {\"id\": \"1\", \"users\": [\n"
                       "    {\"email\": \"a@x.com\",\n"
                       "     \"id\": \"u1\",\n"
                       "     \"permissions\": [\"Manage_Orders\"]}]},\n"
                       "  {\"id\": \"2\", \"users\": [\n"
                       "    {\"email\": \"b@x.com\",\n"
                       "     \"id\": \"u1\",\n"
                       "     \"permissions\": [\"Manage_Orders\"]}]}\n"
                       "]}}}\n"),
            "users.json:8:12: error: expected user_id 'u1' to belong to one email, found it for a@x.com and b@x.com; "
            "first given at users.json:4:12\n"
            "    8 |      \"id\": \"u1\",\n"
            "      |            ^\n");
}

TEST(UsersJson, SameUserTwiceOnAStoreWithDifferentStatuses) {
  EXPECT_EQ(json_error("{\"data\": {\"account\": {\"stores\": [{\"id\": \"1\", \"users\": [\n"
                       "  {\"email\": \"a@x.com\", \"permissions\": [\"Manage_Orders\"], \"status\": \"ACTIVE\"},\n"
                       "  {\"email\": \"A@x.com\", \"permissions\": [\"Manage_Orders\"], \"status\": \"SUSPENDED\"}\n"
                       "]}]}}}\n"),
            "users.json:3:3: error: expected one status for a@x.com on store 1, found suspended here and active before; "
            "first given at users.json:2:3\n"
            "    3 |   {\"email\": \"A@x.com\", \"permissions\": [\"Manage_Orders\"], \"status\": \"SUSPENDED\"}\n"
            "      |   ^\n");
}

TEST(UsersJson, EmptyArrayOfPages) {
  EXPECT_EQ(json_error("[]"),
            "users.json:1:1: error: expected at least one response, found none\n"
            "    1 | []\n"
            "      | ^\n");
}

}  // namespace rolemig

namespace rolemig {
TEST(UsersJsonExtra, EmailWithoutAtIsAnError) {
  Catalog cat = load_catalog_dir(ROLEMIG_SOURCE_DIR "/mappings");
  AccountBuilder b(cat);
  std::string text =
      R"({"data":{"account":{"stores":{"edges":[{"node":{"id":"1","users":{"edges":[{"node":{"email":"nobody","permissions":[]}}]}}}]}}}})";
  try {
    read_users_json(text, "users.json", cat, b);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostics()[0].loc.str(), "users.json:1:93");
    EXPECT_EQ(e.diagnostics()[0].message, "expected an email address, found 'nobody' (has no '@')");
  }
}
}  // namespace rolemig

// A one-line (minified) export with thousands of warnings: each message keeps
// an excerpt of the line around its column, not the line (2 GB before), and
// warnings past the first 20 of a kind are counted (issue 8, item 13).
namespace rolemig {

TEST(UsersJson, WarningsOnAOneLineExportKeepAnExcerptAndAreCapped) {
  const std::vector<std::string> perms = {"Edit_Orders",   "Refund_Orders",    "Capture_Funds",  "Export_Orders",
                                          "Delete_Orders", "Manage_Customers", "Edit_Customers", "Manage_Products",
                                          "Edit_Products", "Export_Products",  "Create_Product"};
  std::string json = R"({"data":{"account":{"stores":[{"id":"1","users":[)";
  const int users = 2000;
  for (int i = 0; i < users; ++i) {
    if (i) json += ',';
    json += R"({"id":"7","email":"a@x.com","permissions":[)";
    bool first = true;
    for (size_t b = 0; b < perms.size(); ++b) {
      if (!((i + 1) & (1 << b))) continue;
      json += (first ? "\"" : ",\"") + perms[b] + "\"";
      first = false;
    }
    json += "]}";
  }
  json += "]}]}}}";
  ASSERT_EQ(json.find('\n'), std::string::npos);
  Account acc = from_json(json);
  ASSERT_EQ(acc.assignments.size(), 1u);
  ASSERT_EQ(acc.warnings.size(), 21u);
  for (const auto& w : acc.warnings) EXPECT_LE(w.source_line.size(), kExcerptWidth + 1);
  EXPECT_EQ(render(acc.warnings[20]), "users.json: warning: and 1,979 more merged rows that differ only in extra permissions (not shown)\n");
  // The second user node, where the first merge is reported, starts at column 109.
  std::string second = render(acc.warnings[0]);
  EXPECT_EQ(second.substr(0, second.find('\n')),
            "users.json:1:109: warning: rows for a@x.com on store 1 differ only in extra permissions; merged them; first given at users.json:1:50");
}

}  // namespace rolemig

namespace rolemig {
// README "Emails": one '@' between a non-empty local part and domain, no
// empty domain label, no whitespace, control characters or list separators.
TEST(UsersCsvEmails, MalformedEmailsAreErrorsAtTheirField) {
  EXPECT_EQ(csv_error("store_id,email,role\n"
                      "1,@,Admin\n"
                      "1,foo@,Admin\n"
                      "1,bob @x.example,Admin\n"
                      "1,\"a@b,c@d\",Admin\n"
                      "1,a@b;c@d,Admin\n"
                      "1,tab\t@x.example,Admin\n"
                      "1,a@x..example,Admin\n"
                      "1, o'brien@x.example ,Admin\n"),
            "users.csv:2:3: error: expected an email address, found '@' (has nothing before the '@')\n"
            "    2 | 1,@,Admin\n"
            "      |   ^\n"
            "users.csv:3:3: error: expected an email address, found 'foo@' (has nothing after the '@')\n"
            "    3 | 1,foo@,Admin\n"
            "      |   ^\n"
            "users.csv:4:3: error: expected an email address, found 'bob @x.example' (contains a space)\n"
            "    4 | 1,bob @x.example,Admin\n"
            "      |   ^\n"
            "users.csv:5:3: error: expected an email address, found 'a@b,c@d' (contains ',')\n"
            "    5 | 1,\"a@b,c@d\",Admin\n"
            "      |   ^\n"
            "users.csv:6:3: error: expected an email address, found 'a@b;c@d' (contains ';')\n"
            "    6 | 1,a@b;c@d,Admin\n"
            "      |   ^\n"
            "users.csv:7:3: error: expected an email address, found 'tab\\t@x.example' (contains a control character \\t)\n"
            "    7 | 1,tab @x.example,Admin\n"  // the caret line shows a tab as a space
            "      |   ^\n"
            "users.csv:8:3: error: expected an email address, found 'a@x..example' (has an empty label in its domain)\n"
            "    8 | 1,a@x..example,Admin\n"
            "      |   ^\n");
}

TEST(UsersJsonEmails, MalformedEmailsAreErrorsAtTheirValue) {
  EXPECT_EQ(json_error(R"({"data":{"account":{"stores":[{"id":"1","users":[
{"email":"foo@","permissions":[]},
{"email":"nul\u0000@x.example","permissions":[]},
{"email":"a@b;c@d","permissions":[]}]}]}}})"),
            "users.json:2:10: error: expected an email address, found 'foo@' (has nothing after the '@')\n"
            "    2 | {\"email\":\"foo@\",\"permissions\":[]},\n"
            "      |          ^\n"
            "users.json:3:10: error: expected an email address, found 'nul\\x00@x.example' (contains a control character NUL)\n"
            "    3 | {\"email\":\"nul\\u0000@x.example\",\"permissions\":[]},\n"
            "      |          ^\n"
            "users.json:4:10: error: expected an email address, found 'a@b;c@d' (contains ';')\n"
            "    4 | {\"email\":\"a@b;c@d\",\"permissions\":[]}]}]}}}\n"
            "      |          ^\n");
}

// Pages of a JSON export that repeat a user and store are merged like CSV
// rows; a lost permission names the user node that listed it.
TEST(UsersJsonEmails, MergedPagesKeepEachNodesPlace) {
  Catalog cat = load_catalog_dir(ROLEMIG_SOURCE_DIR "/mappings");
  AccountBuilder b(cat);
  read_users_json(R"([{"data":{"account":{"stores":[{"id":"1","users":[{"email":"u@x.example","permissions":["Manage_Orders"]}]}]}}},
{"data":{"account":{"stores":[{"id":"1","users":[{"email":"u@x.example","permissions":["Manage_Orders","Export_Orders"]}]}]}}}])",
                  "users.json", cat, b);
  Account acc = b.finish();
  ASSERT_EQ(acc.assignments.size(), 1u);
  const Assignment& a = acc.assignments[0];
  EXPECT_EQ(a.where.str(), "users.json:1:51");
  EXPECT_EQ(a.checkbox_where(*cat.find_permission("Manage_Orders")).str(), "users.json:1:51");
  EXPECT_EQ(a.checkbox_where(*cat.find_permission("Export_Orders")).str(), "users.json:2:50");
}
}  // namespace rolemig

namespace rolemig {
TEST(UsersJsonEmpty, AnEmptyEmailOrStoreIdSaysSo) {
  std::string empty_email = json_error(R"({"data":{"account":{"stores":[{"id":"1","users":[{"id":"6","email":"","permissions":[]}]}]}}})");
  EXPECT_EQ(empty_email.substr(0, empty_email.find('\n')), "users.json:1:68: error: expected a user's 'email' string, found an empty string");
  std::string empty_id = json_error(R"({"data":{"account":{"stores":[{"id":"","users":[]}]}}})");
  EXPECT_EQ(empty_id.substr(0, empty_id.find('\n')), "users.json:1:37: error: expected a store to have a non-empty 'id', found an empty string");
}
}  // namespace rolemig

// ------------------------------- an export parsed as it is read (issue 12)
//
// read_users_input reads a --users file in blocks (CSV a record, JSON a page
// at a time); whatever the blocks, it must read what read_users_text reads of
// the whole text: the same account, warnings and errors, word for word.

namespace rolemig {

namespace {

// The account as the later stages see it, or the errors.
std::string digest(const std::function<void(AccountBuilder&)>& read) {
  AccountBuilder b(catalog());
  std::string out;
  try {
    read(b);
  } catch (const InputError& e) {
    return "errors:\n" + rendered(e);
  }
  Account a = b.finish();
  for (const auto& s : a.stores) out += "store " + s.id + " " + s.name + "\n";
  for (const auto& u : a.users) out += "user " + u.email + " " + u.user_id + " " + u.first_name + " " + u.last_name + "\n";
  for (const auto& x : a.assignments) {
    out += a.users[x.user].email + " on " + a.stores[x.store].id + ": " + role_of(x) + (x.role_inferred ? " (inferred)" : "") + " " +
           std::string(status_name(x.status)) + " at " + x.where.str() + ":";
    for (const auto& p : names(x.perms)) out += " " + p;
    for (const auto& r : x.rows) out += " row " + r.where.str();
    out += "\n";
  }
  for (const auto& w : a.warnings) out += render(w);
  return out;
}

void expect_streamed_as_whole(const std::string& text, const std::string& name) {
  const std::string expected = digest([&](AccountBuilder& b) { read_users_text(text, name, catalog(), b); });
  testing::ScratchDir dir("users-stream");
  testing::write_file(dir / "export", text);
  for (size_t block : {size_t{1}, size_t{3}, size_t{7}, size_t{100}, kReadBlock}) {
    InputReader in(dir / "export", kExportLimit, block);
    bool read = false;
    EXPECT_EQ(digest([&](AccountBuilder& b) {
                read_users_input(in, name, catalog(), b);
                read = true;
              }),
              expected)
        << "block " << block << ", text:\n"
        << text;
    // What plan.json records is the hash of exactly what was parsed: all of it.
    if (read) {
      EXPECT_EQ(in.sha256(), sha256_hex(text));
    }
  }
}

// `count` responses of one store each, a user with a role's permissions.
std::string responses(int count, std::string_view between) {
  std::string out;
  for (int i = 0; i < count; ++i) {
    if (i) out += between;
    out += response(std::to_string(i % 3), "Store \\u00e9 " + std::to_string(i % 3),
                    user("u" + std::to_string(i % 7) + "@x.example", json_perms(i % 2 ? "Sales Manager" : "Order Fulfillment")));
  }
  return out;
}

}  // namespace

TEST(UsersStreamed, CsvReadsAsWhole) {
  const std::string csv =
      "email,store_id,role,permissions,status\r\n"
      "a@x.example,1,Order Manager,,active\r\n"
      "\r\n"
      "\"b@x.example\",2,,\"Edit_Orders;Export_Orders\",invited\r\n"
      "a@x.example,1,Order Manager,,active\r\n";
  expect_streamed_as_whole(csv, "users.csv");
  expect_streamed_as_whole("\xEF\xBB\xBF" + csv, "users.csv");
  expect_streamed_as_whole("\n\n \xEF\xBB\xBF" + csv, "users.csv");
  // A first byte 0xEF that starts no BOM is read as text (CsvReader seeks back).
  expect_streamed_as_whole("\xEF\xBC\x81" + csv, "users.csv");
  expect_streamed_as_whole(csv + "c@x.example,3,Nope,,active\nd@x.example,3,,Bad_Perm,\n\"e@x.example,3\n", "users.csv");
  expect_streamed_as_whole("", "users.csv");
  expect_streamed_as_whole(" \r\n", "users.csv");
  expect_streamed_as_whole("email,store_id\n", "users.csv");
}

TEST(UsersStreamed, JsonInEachPageFormReadsAsWhole) {
  expect_streamed_as_whole(responses(1, ""), "users.json");
  expect_streamed_as_whole("\xEF\xBB\xBF[\r\n" + responses(12, ",\r\n") + "\r\n]\r\n", "users.json");
  expect_streamed_as_whole("[" + responses(12, ",") + "]", "users.json");
  expect_streamed_as_whole(responses(12, "\n") + "\n", "users.json");
  expect_streamed_as_whole("  \n[]", "users.json");
}

TEST(UsersStreamed, JsonErrorsInALaterPageReadAsWhole) {
  auto broken = [](std::string text, std::string_view from, std::string_view to) {
    size_t at = text.rfind(from);
    EXPECT_NE(at, std::string::npos) << from;
    return text.replace(at, from.size(), to);
  };
  for (std::string_view between : {",\n", ","}) {
    const std::string text = "[" + responses(12, between) + "]";
    // Meaning: an unknown permission, a status, a user id for two emails, a
    // role against another on the same store, GraphQL errors.
    expect_streamed_as_whole(broken(text, R"("Manage_Orders")", R"("Manage_Ordrs")"), "users.json");
    expect_streamed_as_whole(broken(text, R"("status": "ACTIVE")", R"("status": "GONE")"), "users.json");
    expect_streamed_as_whole(broken(text, R"("id": "u-u4@x.example")", R"("id": "u-u3@x.example")"), "users.json");
    expect_streamed_as_whole(broken(text, R"("status": "ACTIVE")", R"("status": "SUSPENDED")"), "users.json");
    expect_streamed_as_whole(broken(text, R"({"data")", R"({"errors": [{"message": "Rate limit"}], "data")"), "users.json");
    // Syntax, inside the page and between pages.
    expect_streamed_as_whole(broken(text, R"("firstName": "F")", R"("firstName" "F")"), "users.json");
    expect_streamed_as_whole(broken(text, R"(}}}})", R"(}}}} {"data": 1})"), "users.json");
    expect_streamed_as_whole(text.substr(0, text.size() - 1), "users.json");
  }
}

TEST(UsersStreamed, TheLimitHoldsWhileStreaming) {
  testing::ScratchDir dir("users-limit");
  const std::string json = responses(3, "\n");
  testing::write_file(dir / "users.json", json);
  // A regular file is refused before it is read; a pipe (no size up front)
  // at the byte past the bound, as read_input refuses them.
  EXPECT_EQ(digest([&](AccountBuilder& b) {
              InputReader in(dir / "users.json", InputLimit{json.size() - 1, "exports"}, 7);
              read_users_input(in, "users.json", catalog(), b);
            }),
            "errors:\n" + (dir / "users.json") + ": error: expected an input of at most " + std::to_string(json.size() - 1) +
                " bytes (the limit for exports), found more\n");
  const std::string fifo = dir / "fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::thread writer([&] { std::ofstream(fifo, std::ios::binary) << json; });
  EXPECT_EQ(digest([&](AccountBuilder& b) {
              InputReader in(fifo, InputLimit{json.size() - 1, "exports"}, 7);
              read_users_input(in, "users.json", catalog(), b);
            }),
            "errors:\n" + fifo + ": error: expected an input of at most " + std::to_string(json.size() - 1) +
                " bytes (the limit for exports), found more\n");
  writer.join();
}

}  // namespace rolemig

// Replays inputs through the fuzz targets' own code (tests/fuzz/*_fuzz.cpp):
// every seed of tests/fuzz/corpus/<target>/ and every input that once crashed
// a target, kept under tests/fuzz/regressions/<target>/. A run may end in
// InputError (caught inside the target) or succeed; any other exception (a
// broken property, an InternalError) fails the test, and under build-asan a
// sanitizer report aborts it.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>

#define ROLEMIG_FUZZ_NO_MAIN
#include "../fuzz/catalog_yaml_fuzz.cpp"
#include "../fuzz/custom_roles_yaml_fuzz.cpp"
#include "../fuzz/rules_yaml_fuzz.cpp"
#include "../fuzz/users_csv_fuzz.cpp"
#include "../fuzz/users_json_fuzz.cpp"
#include "io/users_reader.h"
#include "util/text.h"

namespace rolemig {
namespace {

namespace fs = std::filesystem;
using FuzzTarget = int (*)(const uint8_t*, size_t);

// Replays every file under `dir` (absent: nothing to replay); returns how many.
size_t replay(const fs::path& dir, FuzzTarget target) {
  if (!fs::is_directory(dir)) return 0;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file()) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    SCOPED_TRACE(f.string());
    std::string bytes = fuzz::slurp(f.string());
    EXPECT_NO_THROW(target(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
  }
  return files.size();
}

struct Case {
  const char* name;
  FuzzTarget target;
};
const Case kTargets[] = {{"users_csv", fuzz::users_csv},
                         {"users_json", fuzz::users_json},
                         {"rules_yaml", fuzz::rules_yaml},
                         {"catalog_yaml", fuzz::catalog_yaml},
                         {"custom_roles_yaml", fuzz::custom_roles_yaml}};

TEST(FuzzRegressions, EveryTargetReplaysItsSeedCorpus) {
  for (const auto& c : kTargets) {
    SCOPED_TRACE(c.name);
    EXPECT_GT(replay(fs::path(ROLEMIG_SOURCE_DIR) / "tests/fuzz/corpus" / c.name, c.target), 0u);
  }
}

TEST(FuzzRegressions, EveryCrashFoundStaysFixed) {
  for (const auto& c : kTargets) {
    SCOPED_TRACE(c.name);
    replay(fs::path(ROLEMIG_SOURCE_DIR) / "tests/fuzz/regressions" / c.name, c.target);
  }
}

// Found while sizing the fuzz runs: "did you mean" computed a full edit
// distance between a 10 MB unknown name and every candidate (minutes per
// unknown permission id in a 10 MB CSV field). Candidates whose length alone
// puts them out of reach are now skipped.
TEST(FuzzRegressions, SuggestionForAHugeUnknownNameIsImmediate) {
  std::vector<std::string> candidates = fuzz::shipped_catalog().permission_ids();
  const std::string huge(10'000'000, 'x');
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(nearest(huge, candidates), std::nullopt);
  EXPECT_EQ(nearest(std::string(40, 'x') + "Manage_Orders", candidates), std::nullopt);
  EXPECT_EQ(nearest("Manage_Order", candidates), std::optional<std::string>("Manage_Orders"));
  // Without the bound this takes minutes; with it, microseconds.
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

// Found by users_csv: an email starting with an apostrophe and a formula
// character ("'-x@y") was written unchanged and read back by `rolemig diff`
// without its apostrophe. Now it gets its own neutralising apostrophe.
TEST(FuzzRegressions, AccessCsvKeepsAValueThatStartsWithAnApostrophe) {
  for (std::string v : {"'-minus@x.com", "''=sum@x.com", "'@at@x.com", "'plain@x.com", "'", "''", "=cmd@x.com", "-a"}) {
    SCOPED_TRACE(v);
    EXPECT_EQ(csv_unneutralise(csv_field(v)), v);
    std::istringstream in("email,target,permission\n" + csv_field(v) + ",store:1,Manage_Orders\n");
    EXPECT_EQ(read_access_csv(in, "a.csv").count(v), 1u);
  }
  EXPECT_EQ(csv_field("'-minus@x.com"), "''-minus@x.com");
  EXPECT_EQ(csv_field("'plain@x.com"), "'plain@x.com");  // no formula: unchanged
  EXPECT_EQ(csv_unneutralise("'=cmd"), "=cmd");          // what earlier versions wrote still reads back
}

// Found by users_csv: the UTF-8 check accepted ill-formed sequences (here
// F4 9E 92 8F, above U+10FFFF), so a name passed the reader and the JSON
// writer threw json::type_error instead of a located InputError.
TEST(FuzzRegressions, IllFormedUtf8IsRejectedByTheReaders) {
  for (const char* bad : {"\xf4\x9e\x92\x8f", "\xf5\x80\x80\x80", "\xed\xa0\x80", "\xe0\x80\xaf", "\xf0\x80\x80\xaf", "\xc1\xbf"}) {
    SCOPED_TRACE(printable(bad));
    EXPECT_FALSE(valid_utf8(bad));
    EXPECT_EQ(invalid_utf8_at(std::string("ok ") + bad), 3u);
    const Catalog& cat = fuzz::shipped_catalog();
    std::istringstream in(std::string("email,store_id,role,first_name\na@example.com,1,Admin,") + bad + "\n");
    AccountBuilder b(cat);
    try {
      read_users_csv(in, "users.csv", cat, b);
      ADD_FAILURE() << "accepted";
    } catch (const InputError& e) {
      EXPECT_EQ(e.diagnostics().front().message.rfind("expected UTF-8 text, found invalid UTF-8", 0), 0u);
      EXPECT_EQ(e.diagnostics().front().loc.str(), "users.csv:2:23");
    }
  }
  for (const char* good : {"\xf4\x8f\xbf\xbf", "\xf0\x90\x80\x80", "\xed\x9f\xbf", "\xe0\xa0\x80", "\xc2\x80", "caf\xc3\xa9"}) {
    SCOPED_TRACE(printable(good));
    EXPECT_TRUE(valid_utf8(good));
  }
}

TEST(FuzzRegressions, HugeUnknownPermissionInACsvIsAQuickError) {
  const Catalog& cat = fuzz::shipped_catalog();
  std::istringstream in("email,store_id,role,permissions\na@example.com,1,Admin," + std::string(2'000'000, 'x') + "\n");
  AccountBuilder b(cat);
  auto start = std::chrono::steady_clock::now();
  EXPECT_THROW(read_users_csv(in, "users.csv", cat, b), InputError);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));  // was ~15 s
}

}  // namespace
}  // namespace rolemig

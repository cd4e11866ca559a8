#include "io/pairs_reader.h"

#include <gtest/gtest.h>

#include "util/error.h"

namespace rolemig {
namespace {

std::string errors_of(const std::string& text) {
  try {
    parse_pairs(text, "m.txt");
  } catch (const InputError& e) {
    std::string out;
    for (const auto& d : e.diagnostics()) out += render(d);
    return out;
  }
  return "no error";
}

TEST(PairsReader, ReadsRightAlignedIdsIntoADenseMatrix) {
  PairsMatrix m = parse_pairs("    7    30\n    7     4\n\n   12    30\r\n", "m.txt");
  EXPECT_EQ(m.users, 2u);
  EXPECT_EQ(m.permissions, 2u);
  EXPECT_EQ(m.assignments, 3u);
  EXPECT_EQ(m.matrix.items, 2u);
  // Users 7, 12 are rows 0, 1; permissions 4, 30 are items 0, 1.
  EXPECT_EQ(m.matrix.rows, (std::vector<std::vector<uint32_t>>{{0, 1}, {1}}));
}

TEST(PairsReader, ALastLineWithoutNewlineAndTabs) {
  PairsMatrix m = parse_pairs("1\t2\n2 2", "m.txt");
  EXPECT_EQ(m.assignments, 2u);
  EXPECT_EQ(m.matrix.rows, (std::vector<std::vector<uint32_t>>{{0}, {0}}));
}

TEST(PairsReader, ANonIntegerId) {
  EXPECT_EQ(errors_of("  1  2\n  x  2\n"),
            "m.txt:2:3: error: expected a user id (a whole number from 1), found 'x'\n"
            "    2 |   x  2\n"
            "      |   ^\n");
  EXPECT_EQ(errors_of("1 2.5\n"),
            "m.txt:1:3: error: expected a permission id (a whole number from 1), found '2.5'\n"
            "    1 | 1 2.5\n"
            "      |   ^\n");
}

TEST(PairsReader, ZeroAndNegativeIds) {
  EXPECT_EQ(errors_of("0 1\n1 -2\n"),
            "m.txt:1:1: error: expected a user id (a whole number from 1), found '0'\n"
            "    1 | 0 1\n"
            "      | ^\n"
            "m.txt:2:3: error: expected a permission id (a whole number from 1), found '-2'\n"
            "    2 | 1 -2\n"
            "      |   ^\n");
}

TEST(PairsReader, AMissingSecondField) {
  EXPECT_EQ(errors_of("  3\n"),
            "m.txt:1:4: error: expected a permission id after the user id, found the end of the line\n"
            "    1 |   3\n"
            "      |    ^\n");
}

TEST(PairsReader, AThirdField) {
  EXPECT_EQ(errors_of("1 2 3\n"),
            "m.txt:1:5: error: expected the end of the line after the permission id, found '3'\n"
            "    1 | 1 2 3\n"
            "      |     ^\n");
}

TEST(PairsReader, ADuplicatePairNamesBothLines) {
  EXPECT_EQ(errors_of("  1  2\n  2  2\n  1  2\n"),
            "m.txt:3:3: error: expected each user-permission pair once, found 1 2 again; first given at m.txt:1:3\n"
            "    3 |   1  2\n"
            "      |   ^\n");
}

TEST(PairsReader, AnEmptyFileAndOneOfBlankLines) {
  const std::string expected = "m.txt:1:1: error: expected lines of \"user permission\", found no pair\n";
  EXPECT_EQ(errors_of(""), expected);
  EXPECT_EQ(errors_of("\n  \n"), expected);
}

}  // namespace
}  // namespace rolemig

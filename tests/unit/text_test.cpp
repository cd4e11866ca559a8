#include "util/text.h"

#include <gtest/gtest.h>

#include "util/error.h"

namespace rolemig {

TEST(Text, FoldCaseIsAsciiOnly) {
  EXPECT_EQ(fold_case("Alice@Example.COM"), "alice@example.com");
  EXPECT_EQ(fold_case("\xC3\x89mile"), "\xC3\x89mile");
}

TEST(Text, GlobMatch) {
  EXPECT_TRUE(glob_match("*@agency.example", "Bob@AGENCY.example"));
  EXPECT_FALSE(glob_match("*@agency.example", "bob@agency.example.com"));
  EXPECT_TRUE(glob_match("store-?", "store-1"));
  EXPECT_FALSE(glob_match("store-?", "store-12"));
  EXPECT_TRUE(glob_match("*", ""));
  EXPECT_FALSE(glob_match("A*", "abc", CaseSensitive::yes));
}

TEST(Text, GlobClasses) {
  EXPECT_TRUE(glob_match("[abc]*@x.example", "bob@x.example"));
  EXPECT_FALSE(glob_match("[abc]*@x.example", "dan@x.example"));
  EXPECT_TRUE(glob_match("[a-c]?@x.example", "cj@x.example"));
  EXPECT_FALSE(glob_match("[a-c]?@x.example", "dj@x.example"));
  EXPECT_TRUE(glob_match("[!a-c]*", "dan"));
  EXPECT_FALSE(glob_match("[!a-c]*", "bob"));
  EXPECT_TRUE(glob_match("[^a-c]*", "dan"));
  EXPECT_FALSE(glob_match("[^a-c]*", "ann"));
  EXPECT_TRUE(glob_match("store-[0-9][0-9]", "store-42", CaseSensitive::yes));
  EXPECT_FALSE(glob_match("store-[0-9][0-9]", "store-4x", CaseSensitive::yes));
  // ']' first and '-' first or last are literal.
  EXPECT_TRUE(glob_match("[]x]", "]"));
  EXPECT_TRUE(glob_match("[!]x]", "y"));
  EXPECT_FALSE(glob_match("[!]x]", "]"));
  EXPECT_TRUE(glob_match("a[-z]", "a-"));
  EXPECT_TRUE(glob_match("a[z-]", "a-"));
  EXPECT_FALSE(glob_match("a[z-]", "ab"));
  // A '*' before a class backtracks over it.
  EXPECT_TRUE(glob_match("*[0-9]@x.example", "ann12@x.example"));
  EXPECT_FALSE(glob_match("*[0-9]@x.example", "ann@x.example"));
}

TEST(Text, GlobClassesFoldCaseWhenAsked) {
  EXPECT_TRUE(glob_match("[A-C]*", "bob"));
  EXPECT_TRUE(glob_match("[a-c]*", "BOB"));
  EXPECT_FALSE(glob_match("[!a]*", "Ann"));  // negation applies after folding
  EXPECT_FALSE(glob_match("[A-C]*", "bob", CaseSensitive::yes));
}

TEST(Text, GlobUnclosedClass) {
  EXPECT_EQ(glob_unclosed_at("[abc"), 0U);
  EXPECT_EQ(glob_unclosed_at("x[a-z]*[0-9"), 7U);
  EXPECT_EQ(glob_unclosed_at("[]"), 0U);  // ']' first is a member, so nothing closes it
  EXPECT_EQ(glob_unclosed_at("[!]"), 0U);
  EXPECT_EQ(glob_unclosed_at("[a]]"), std::string_view::npos);  // the second ']' is a literal
  EXPECT_EQ(glob_unclosed_at("*@x.example"), std::string_view::npos);
  EXPECT_FALSE(glob_match("[abc", "[abc"));  // never silently literal
}

TEST(Text, EmailProblem) {
  EXPECT_EQ(email_problem("ann@x.example"), std::nullopt);
  EXPECT_EQ(email_problem("o'brien+tag@mail.x.example"), std::nullopt);
  EXPECT_EQ(email_problem("\xC3\xA9mile@x.example"), std::nullopt);
  EXPECT_EQ(email_problem("@"), "has nothing before the '@'");
  EXPECT_EQ(email_problem("foo@"), "has nothing after the '@'");
  EXPECT_EQ(email_problem("@x.example"), "has nothing before the '@'");
  EXPECT_EQ(email_problem("wes.example.com"), "has no '@'");
  EXPECT_EQ(email_problem("a@b@c"), "has more than one '@'");
  EXPECT_EQ(email_problem("bob @x.example"), "contains a space");
  EXPECT_EQ(email_problem("a@b;c@d"), "contains ';'");
  EXPECT_EQ(email_problem("a@b,c@d"), "contains ','");
  EXPECT_EQ(email_problem("Ann <ann@x.example>"), "contains a space");
  EXPECT_EQ(email_problem("<ann@x.example>"), "contains '<'");
  EXPECT_EQ(email_problem("\"ann\"@x.example"), "contains '\"'");
  EXPECT_EQ(email_problem(std::string_view("ann\0@x.example", 14)), "contains a control character NUL");
  EXPECT_EQ(email_problem("ann\x01@x.example"), "contains a control character \\x01");
  EXPECT_EQ(email_problem("ann\t@x.example"), "contains a control character \\t");
  EXPECT_EQ(email_problem("ann\x7f@x.example"), "contains a control character \\x7f");
  EXPECT_EQ(email_problem("ann@x..example"), "has an empty label in its domain");
  EXPECT_EQ(email_problem("ann@.example"), "has an empty label in its domain");
  EXPECT_EQ(email_problem("ann@example."), "has an empty label in its domain");
}

TEST(Text, NearestSuggestsTypos) {
  std::vector<std::string> roles = {"Order Fulfillment", "Admin", "Marketing"};
  EXPECT_EQ(did_you_mean("Order Fulfilment", roles), "; did you mean 'Order Fulfillment'?");
  EXPECT_EQ(did_you_mean("admn", roles), "; did you mean 'Admin'?");
  EXPECT_EQ(did_you_mean("Warehouse", roles), "");
}

TEST(Text, QuotedEscapesControlCharacters) { EXPECT_EQ(quote("a\nb\x01"), "'a\\nb\\x01'"); }

// Issue 8 item 14: nothing a value holds can drive the terminal. ESC and the
// other C0 controls, DEL, the C1 controls in UTF-8 (U+009B is CSI) and bytes
// that are not UTF-8 (0x9b alone is CSI to an 8-bit terminal) are escaped;
// other UTF-8 characters stay.
TEST(Text, PrintableEscapesEveryTerminalControl) {
  EXPECT_EQ(printable("a\x1b]0;pwned\x07"
                      "b"),
            "a\\x1b]0;pwned\\x07b");
  EXPECT_EQ(printable("x\x7fy"), "x\\x7fy");
  EXPECT_EQ(printable("c\xc2\x9b"
                      "31m\xc2\x80"),
            "c\\u009b31m\\u0080");
  EXPECT_EQ(printable("raw\x9b"
                      "31m"),
            "raw\\x9b31m");
  EXPECT_EQ(printable("cut\xe2\x82"), "cut\\xe2\\x82");
  EXPECT_EQ(printable("\xc3\x89mile \xc2\xa0\xe2\x86\x92 \xf0\x9f\x98\x80"), "\xc3\x89mile \xc2\xa0\xe2\x86\x92 \xf0\x9f\x98\x80");
}

TEST(Text, DiagnosticsEscapeTheValuesTheyCarry) {
  Diagnostic d{SourceLoc{"users\x1b[2J.csv", 3, 1}, "rows for a\x1b]0;x\x07@b.c on store 1 differ",
               "a\x1b]0;x\x07@b.c,1,\xc2\x9b"
               "Admin",
               "first given at users.csv:2:1\x1b[0m"};
  EXPECT_EQ(render(d),
            "users\\x1b[2J.csv:3:1: error: rows for a\\x1b]0;x\\x07@b.c on store 1 differ; first given at users.csv:2:1\\x1b[0m\n"
            "    3 | a?]0;x?@b.c,1,??Admin\n"
            "      | ^\n");
}

TEST(Text, ValidUtf8) {
  EXPECT_TRUE(valid_utf8("caf\xC3\xA9"));
  EXPECT_FALSE(valid_utf8("caf\xC3"));
  EXPECT_FALSE(valid_utf8("\xFF"));
}

TEST(Error, RenderShowsLineAndCaret) {
  Diagnostic d{SourceLoc{"users.csv", 3, 12}, "expected a standard or custom role, found 'Admn'", "a@x.com,1,,Admn", ""};
  EXPECT_EQ(render(d),
            "users.csv:3:12: error: expected a standard or custom role, found 'Admn'\n"
            "    3 | a@x.com,1,,Admn\n"
            "      |            ^\n");
}

TEST(Error, RenderWithNoteAndNoLine) {
  Diagnostic d{SourceLoc{"users.csv", 5, 1}, "expected one role", "", "first given at users.csv:2:1"};
  EXPECT_EQ(render(d), "users.csv:5:1: error: expected one role; first given at users.csv:2:1\n");
  EXPECT_EQ(render(Diagnostic{SourceLoc{"x.csv", 0, 0}, "expected a readable file, found no such file", "", ""}),
            "x.csv: error: expected a readable file, found no such file\n");
}

}  // namespace rolemig

namespace rolemig {
TEST(Text, TerminalJsonEscapesC1ControlsOnly) {
  EXPECT_EQ(terminal_json("{\"a\": \"x\xc2\x9b[31m\xc2\xa0\xc3\xa9\"}"), "{\"a\": \"x\\u009b[31m\xc2\xa0\xc3\xa9\"}");
  EXPECT_EQ(terminal_json("{\"a\": 1}"), "{\"a\": 1}");
}

TEST(Text, QuoteShowsTheFirst200BytesOfALongValue) {
  EXPECT_EQ(quote(std::string(200, 'a')), "'" + std::string(200, 'a') + "'");
  EXPECT_EQ(quote(std::string(5'000'000, 'a')), "'" + std::string(200, 'a') + "...' (5000000 bytes)");
  // Never cut inside a character: 'é' is two bytes, so 199 'a' then 'é' stops at 199.
  EXPECT_EQ(quote(std::string(199, 'a') + "\xc3\xa9" + "zz"), "'" + std::string(199, 'a') + "...' (203 bytes)");
}
}  // namespace rolemig

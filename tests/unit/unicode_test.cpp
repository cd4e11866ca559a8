#include "util/unicode.h"

#include <gtest/gtest.h>

namespace rolemig {

TEST(NameKey, LookAlikesOfOneNameShareItsKey) {
  const std::string key = name_key("Account Administrators");
  EXPECT_EQ(key, "account administrators");
  EXPECT_EQ(name_key("account administrators"), key);  // case
  EXPECT_EQ(name_key("ACCOUNT ADMINISTRATORS"), key);
  EXPECT_EQ(name_key("Account  Administrators"), key);  // doubled space
  EXPECT_EQ(name_key("Account Administrators "), key);  // trailing space
  EXPECT_EQ(name_key(" Account Administrators"), key);  // leading space
  EXPECT_EQ(name_key("Account\tAdministrators"), key);  // tab
  EXPECT_EQ(name_key("Account\xC2\xA0"
                     "Administrators"),
            key);  // no-break space
  EXPECT_EQ(name_key("Account\xE3\x80\x80"
                     "Administrators"),
            key);  // ideographic space
  EXPECT_EQ(name_key("\xEF\xBC\xA1"
                     "ccount Administrators"),
            key);                                                                       // fullwidth A
  EXPECT_EQ(name_key("\xEF\xBC\xA1\xEF\xBD\x83\xEF\xBD\x83ount Administrators"), key);  // fullwidth Acc
  EXPECT_EQ(name_key("Account Admini\xE2\x80\x8Bstrators"), key);                       // zero-width space
}

TEST(NameKey, DifferentNamesKeepDifferentKeys) {
  EXPECT_NE(name_key("Account Administrator"), name_key("Account Administrators"));
  EXPECT_NE(name_key("AccountAdministrators"), name_key("Account Administrators"));
  EXPECT_EQ(name_key(""), "");
  EXPECT_EQ(name_key(" \t "), "");
  EXPECT_EQ(name_key("Stra\xC3\x9F"
                     "e"),
            "strasse");  // full case folding
}

TEST(Visible, InvisibleAndLookAlikeSpacesAreSpelledOut) {
  EXPECT_EQ(visible("Account Administrators"), "Account Administrators");
  EXPECT_EQ(visible("Account\xC2\xA0"
                    "Administrators\t"),
            "Account\\u{00A0}Administrators\\u{0009}");
  EXPECT_EQ(visible("A\xE2\x80\x8B"
                    "B\xE3\x80\x80"
                    "C"),
            "A\\u{200B}B\\u{3000}C");
  EXPECT_EQ(visible("\xEF\xBC\xA1"
                    "ccount"),
            "\xEF\xBC\xA1"
            "ccount");  // visible as a letter: kept
}

}  // namespace rolemig

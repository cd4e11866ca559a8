// Diagnostics: the caret display, the excerpt a message keeps of its line,
// the severity, and the cap on warnings of one kind.
#include "util/error.h"

#include <gtest/gtest.h>

#include "io/current_state_reader.h"
#include "mapping/current_merge.h"
#include "test_support.h"

namespace rolemig {

TEST(Excerpt, AShortLineIsKeptWhole) {
  Diagnostic d{SourceLoc{"f.csv", 3, 5}, "expected x, found y", "abcdefgh", ""};
  EXPECT_EQ(render(d),
            "f.csv:3:5: error: expected x, found y\n"
            "    3 | abcdefgh\n"
            "      |     ^\n");
}

TEST(Excerpt, FarIntoALongLineTheCaretShowsAroundTheColumn) {
  // One line of a minified export: the message keeps 201 bytes, not the line.
  std::string line(100000, 'a');
  line.replace(50000, 3, "BAD");
  Excerpt e = excerpt_at(line, 50000, 50001);
  EXPECT_EQ(e.first_col, 49901);
  EXPECT_EQ(e.text.size(), kExcerptWidth + 1);
  EXPECT_EQ(e.text.substr(100, 3), "BAD");
  Diagnostic d = diagnostic_at(SourceLoc{"users.json", 1, 50001}, "expected x, found y", line, 50000);
  EXPECT_EQ(d.source_line, e.text);
  EXPECT_EQ(render(d),
            "users.json:1:50001: error: expected x, found y\n"
            "    1 | ..." +
                std::string(100, 'a') + "BAD" + std::string(97, 'a') +
                "...\n"
                "      | " +
                std::string(103, ' ') + "^\n");
}

TEST(Excerpt, AWholeLongLineGivenIsCutWhenKept) {
  std::string line(10000, 'x');
  Diagnostic d{SourceLoc{"f.csv", 2, 9000}, "expected x, found y", line, ""};
  DiagnosticSink sink;
  sink.add(d);
  try {
    sink.throw_if_any();
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostics()[0].source_line.size(), kExcerptWidth + 1);
    EXPECT_EQ(e.diagnostics()[0].excerpt_col, 8900);
    EXPECT_EQ(render(e.diagnostics()[0]), render(d));
  }
}

TEST(Excerpt, NearTheStartOfALongLineTheLineStartIsShown) {
  std::string text = "first\n" + std::string(1000, 'y') + "\nlast\n";
  Excerpt e = excerpt_at(text, 6 + 150, 151);
  EXPECT_EQ(e.first_col, 1);
  EXPECT_EQ(e.text, std::string(kExcerptWidth + 1, 'y'));
  e = excerpt_at(text, text.size() - 3, 3);  // "last", from its start
  EXPECT_EQ(e.text, "last");
  EXPECT_EQ(e.first_col, 1);
}

TEST(WarningList, KeepsTheFirstOfAKindAndCountsTheRest) {
  WarningList w(2);
  for (int i = 1; i <= 2000; ++i) {
    if (w.wants("merged rows")) {
      w.add("merged rows", Diagnostic{SourceLoc{"users.csv", i, 1}, "merged", "", "", 1, Severity::warning});
    } else {
      w.add("merged rows", Diagnostic{SourceLoc{"users.csv", i, 1}, "", "", "", 1, Severity::warning});
    }
  }
  w.add("other", Diagnostic{SourceLoc{"users.csv", 1, 1}, "other", "", "", 1, Severity::warning});
  auto list = w.take();
  ASSERT_EQ(list.size(), 4u);
  EXPECT_EQ(list[0].loc.line, 1);
  EXPECT_EQ(list[1].loc.line, 2);
  EXPECT_EQ(list[2].message, "other");
  // The summary of the warnings left out is itself a warning.
  EXPECT_EQ(list[3].severity, Severity::warning);
  EXPECT_EQ(render(list[3]), "users.csv: warning: and 1,998 more merged rows (not shown)\n");
}

TEST(Severity, RenderSaysErrorOrWarningFromTheSeverity) {
  Diagnostic d{SourceLoc{"users.csv", 3, 1}, "rows differ; merged them", "a@x.com,1", "first given at users.csv:2:1"};
  EXPECT_EQ(d.severity, Severity::error);
  EXPECT_EQ(render(d),
            "users.csv:3:1: error: rows differ; merged them; first given at users.csv:2:1\n"
            "    3 | a@x.com,1\n"
            "      | ^\n");
  d.severity = Severity::warning;
  EXPECT_EQ(render(d),
            "users.csv:3:1: warning: rows differ; merged them; first given at users.csv:2:1\n"
            "    3 | a@x.com,1\n"
            "      | ^\n");
  // Only the severity decides: text that reads like a severity is left alone.
  Diagnostic odd{SourceLoc{"a: error: b.csv", 0, 0}, "expected x: error: y, found z", "", "", 1, Severity::warning};
  EXPECT_EQ(render(odd), "a: error: b.csv: warning: expected x: error: y, found z\n");
}

TEST(Severity, AWarningMadeWithAKeptExcerptShowsItsLine) {
  std::string line = "  - id: " + std::string(1000, 'x');
  Diagnostic d = diagnostic_at(SourceLoc{"rules.yaml", 4, 250}, "expected y, found x", excerpt_of_line(line, 250), Severity::warning);
  EXPECT_EQ(d.severity, Severity::warning);
  EXPECT_EQ(d.excerpt_col, 150);
  EXPECT_EQ(d.source_line.size(), kExcerptWidth + 1);
  EXPECT_EQ(render(d),
            "rules.yaml:4:250: warning: expected y, found x\n"
            "    4 | ..." +
                std::string(kExcerptWidth, 'x') +
                "...\n"
                "      | " +
                std::string(103, ' ') + "^\n");
  // An empty excerpt (no line kept, or a line past the end) shows no line.
  EXPECT_EQ(render(diagnostic_at(SourceLoc{"users.csv", 2, 1}, "expected a row, found none", Excerpt{})),
            "users.csv:2:1: error: expected a row, found none\n");
}

// A later stage reports on a definition with the excerpt its reader kept: the
// rules text is gone by then, and its file name is only a name to show (the
// shipped rules are shown as "mappings/rules.yaml", a relative path that may
// name another file, or none, where rolemig runs).
TEST(DiagnosticsOfLaterStages, AGroupNameClashInTheShippedRulesShowsTheirLine) {
  using namespace rolemig::testing;
  const Catalog& cat = shipped_catalog();
  std::ifstream in(source_dir() + "/mappings/rules.yaml");
  std::stringstream text;
  text << in.rdbuf();
  RuleSet rs = load_rules(cat, text.str(), "mappings/rules.yaml");
  AccountBuilder b(cat);
  b.add_store("1", "Lumen Home", "");
  b.add_store("2", "Lumen Home", "");
  std::istringstream users("email,store_id,role\nwes@example.com,1,Order Fulfillment\nann@example.com,2,Order Fulfillment\n");
  read_users_csv(users, "users.csv", cat, b);
  Account acc = b.finish();
  try {
    apply_rules(cat, acc, rs);
    FAIL() << "expected an error";
  } catch (const InputError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    const Diagnostic& d = e.diagnostics()[0];
    EXPECT_EQ(d.loc.str(), "mappings/rules.yaml:91:9");
    EXPECT_EQ(d.source_line, line_of(text.str(), 91));
    EXPECT_EQ(d.source_line, "  - id: store-fulfillment");
    std::string shown = render(d);
    EXPECT_EQ(shown.substr(shown.find('\n') + 1),
              "   91 |   - id: store-fulfillment\n"
              "      |         ^\n");
  }
}

TEST(DiagnosticsOfLaterStages, ALiveGrantThatDoesNotResolveShowsItsLine) {
  using namespace rolemig::testing;
  const Catalog& cat = shipped_catalog();
  Account acc = account_from_csv(cat, "email,store_id,role\na@x.com,1,Order Fulfillment\n");
  const std::string line2 = R"(  {"id":"g1","name":"A","grants":[{"policy":"Orders Mangle","target":"store:1"},)";
  const std::string line3 = std::string(34, ' ') + R"({"policy":"Orders Read","target":"store:9"}],"members":[]}]}}}})";
  auto current =
      read_current_state("{\"data\":{\"account\":{\"userGroups\":{\"nodes\":[\n" + line2 + "\n" + line3 + "\n", "audit.json", AuditFields{});
  try {
    mapping_from_current(acc, cat, current);
    FAIL() << "expected an error";
  } catch (const InputError& e) {
    ASSERT_EQ(e.diagnostics().size(), 2u);
    EXPECT_EQ(render(e.diagnostics()[0]),
              "audit.json:2:35: error: expected a policy defined in policies.yaml, found 'Orders Mangle'; did you mean 'Orders Manage'?\n"
              "    2 | " +
                  line2 +
                  "\n"
                  "      | " +
                  std::string(34, ' ') + "^\n");
    EXPECT_EQ(render(e.diagnostics()[1]),
              "audit.json:3:35: error: expected 'account' or 'store:<id>' of a store in the inputs, found 'store:9'\n"
              "    3 | " +
                  line3 +
                  "\n"
                  "      | " +
                  std::string(34, ' ') + "^\n");
  }
}

TEST(WithCommas, GroupsThousands) {
  EXPECT_EQ(with_commas(0), "0");
  EXPECT_EQ(with_commas(999), "999");
  EXPECT_EQ(with_commas(1000), "1,000");
  EXPECT_EQ(with_commas(1234567), "1,234,567");
}

}  // namespace rolemig

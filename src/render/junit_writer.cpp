#include "render/junit_writer.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "render/plan_view.h"
#include "util/text.h"
#include "util/unicode.h"

namespace rolemig {

namespace {

struct TestCase {
  std::string name;
  std::string message;             // empty: passed
  std::vector<std::string> lines;  // the failure's text, one line each
};

struct Suite {
  std::string name;
  std::vector<TestCase> cases;
};

std::string_view status_words(UserStatus s) {
  switch (s) {
    case UserStatus::equal: return "equal";
    case UserStatus::gains: return "gains access";
    case UserStatus::losses: return "loses access";
    case UserStatus::gains_and_losses: return "gains and loses access";
    case UserStatus::unverified: return "unverified";
  }
  return "";
}

Suite user_suite(const Plan& p) {
  Suite suite{"users", {}};
  for (const UserVerdict& v : p.verification.users) {
    TestCase c{p.account.users[v.user].email, "", {}};
    if (v.status != UserStatus::equal) {
      c.message = std::string(status_words(v.status));
      if (auto why = unverified_reason(p, v)) c.lines.push_back(std::move(*why));
      for (auto& line : user_difference_lines(p, v)) c.lines.push_back(std::move(line));
    }
    suite.cases.push_back(std::move(c));
  }
  return suite;
}

// The checks of SPEC 5, one testcase each, worded as check-admins words a
// failed one.
Suite admin_suite(const Plan& p) {
  const AdminCheck& a = p.admins;
  // `what`: "required member{} missing", {} the plural's "s".
  auto check = [](std::string name, std::vector<std::string> lines, std::string_view what) {
    TestCase c{std::move(name), "", std::move(lines)};
    if (!c.lines.empty()) c.message = fmt::format("{} {}", c.lines.size(), fmt::format(fmt::runtime(what), c.lines.size() == 1 ? "" : "s"));
    return c;
  };
  AdminFindings f = admin_findings(p);
  Suite suite{a.group, {}};
  suite.cases.push_back(check("required members present", std::move(f.missing), "required member{} missing"));
  suite.cases.push_back(check("no unexpected member", std::move(f.unexpected), "unexpected member{}"));
  suite.cases.push_back(check("no member removed", std::move(f.removed), "member{} removed"));
  suite.cases.push_back(check("no member over-granted", std::move(f.over_granted), "member{} over-granted"));
  suite.cases.push_back(check("no impostor group", std::move(f.impostors), "impostor group{}"));
  suite.cases.push_back(check("no group with unknown grants", std::move(f.unverified_groups), "group{} with unknown grants"));
  TestCase active = check("an active member", std::move(f.inactive), "{}");
  if (!active.lines.empty()) active.message = "no active member";
  suite.cases.push_back(std::move(active));
  return suite;
}

size_t failures(const Suite& s) {
  return static_cast<size_t>(std::count_if(s.cases.begin(), s.cases.end(), [](const TestCase& c) { return !c.message.empty(); }));
}

void write_suite(const Suite& s, std::ostream& out) {
  out << fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\">\n", xml_escape(s.name), s.cases.size(),
                     failures(s));
  const std::string classname = xml_escape(s.name);
  for (const TestCase& c : s.cases) {
    out << fmt::format("    <testcase classname=\"{}\" name=\"{}\"", classname, xml_escape(c.name));
    if (c.message.empty()) {
      out << "/>\n";
      continue;
    }
    out << fmt::format(">\n      <failure message=\"{}\">", xml_escape(c.message));
    for (size_t i = 0; i < c.lines.size(); ++i) out << (i ? "\n" : "") << xml_escape(c.lines[i]);
    out << "</failure>\n    </testcase>\n";
  }
  out << "  </testsuite>\n";
}

}  // namespace

std::string xml_escape(std::string_view s) {
  const std::string shown = printable(s);
  std::string out;
  out.reserve(shown.size());
  for (size_t i = 0; i < shown.size(); ++i) {
    const char ch = shown[i];
    // U+FFFE and U+FFFF (EF BF BE, EF BF BF) are not XML characters.
    if (ch == '\xEF' && i + 2 < shown.size() && shown[i + 1] == '\xBF' && (shown[i + 2] == '\xBE' || shown[i + 2] == '\xBF')) {
      out += shown[i + 2] == '\xBE' ? "\\ufffe" : "\\uffff";
      i += 2;
      continue;
    }
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += ch;
    }
  }
  return out;
}

void write_junit(const Plan& p, std::string_view command, JunitSuites which, std::ostream& out) {
  std::vector<Suite> suites;
  if (which == JunitSuites::users_and_admins) suites.push_back(user_suite(p));
  suites.push_back(admin_suite(p));
  size_t tests = 0, failed = 0;
  for (const Suite& s : suites) {
    tests += s.cases.size();
    failed += failures(s);
  }
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << fmt::format("<testsuites name=\"rolemig {}\" tests=\"{}\" failures=\"{}\" errors=\"0\">\n", xml_escape(command), tests, failed);
  for (const Suite& s : suites) write_suite(s, out);
  out << "</testsuites>\n";
}

}  // namespace rolemig

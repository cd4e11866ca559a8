#include "render/report_html_writer.h"

#include <gtest/gtest.h>

#include <sstream>

#include "test_support.h"

namespace rolemig {
using namespace rolemig::testing;

namespace {

// A fixture's plan from its users.csv, stores.csv and the other inputs named.
enum class Input { roles, rules, current };
Plan fixture_plan(const std::string& name, std::initializer_list<Input> more = {}) {
  const std::string fx = source_dir() + "/fixtures/" + name + "/";
  InputOptions in;
  in.users = {fx + "users.csv"};
  in.stores = fx + "stores.csv";
  for (Input i : more) {
    if (i == Input::roles) in.roles = fx + "roles.yaml";
    if (i == Input::rules) in.rules = fx + "rules.yaml";
    if (i == Input::current) in.current = {fx + "current.json"};
  }
  Plan p = load_inputs(in);
  build_plan(p, default_catalog_dir());
  return p;
}

// fixtures/enterprise: 13 users, Dana loses two checkboxes on 4101.
const Plan& enterprise() {
  static const Plan plan = fixture_plan("enterprise", {Input::roles});
  return plan;
}

// fixtures/hostile: a store name with HTML, ids with terminal escapes.
const Plan& hostile() {
  static const Plan plan = fixture_plan("hostile");
  return plan;
}

std::string report(const Plan& p, const ReportCaps& caps = kReportCaps) {
  std::ostringstream out;
  write_report_html(p, out, caps);
  return out.str();
}

size_t occurrences(const std::string& text, std::string_view what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST(ReportHtmlWriter, EscapesMarkupQuotesAndControlCharacters) {
  EXPECT_EQ(html_escape("<b>Main</b> & 'x' \"y\""), "&lt;b&gt;Main&lt;/b&gt; &amp; &#39;x&#39; &quot;y&quot;");
  EXPECT_EQ(html_escape("a\x1b]0;t\x07"
                        "b\nc\xc2\x9b"
                        "d \xc3\xa9 \xff"),
            "a\\x1b]0;t\\x07b\\nc\\u009bd \xc3\xa9 \\xff");
}

TEST(ReportHtmlWriter, IsOneSelfContainedPageWithTheSummaryFirst) {
  const std::string html = report(enterprise());
  EXPECT_EQ(html.rfind("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n", 0), 0u);
  EXPECT_NE(html.find("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src "
                      "'unsafe-inline'\">"),
            std::string::npos);
  for (std::string_view outside : {"http:", "https:", "src=", "<link", "url(", "@import"})
    EXPECT_EQ(html.find(outside), std::string::npos) << outside;
  EXPECT_NE(html.find("<body>\n<h1>Migration plan</h1>\n<p id=\"summary-line\">Plan: 16 groups to create, 33 memberships to add; 12 users verified "
                      "equal, 0 gaining, 1 losing, 0 unverified, 0 waived differences; Account Administrators check: pass; 26 requests (about 23 min "
                      "at 70 an hour).</p>\n"),
            std::string::npos);
  EXPECT_NE(html.find("<div id=\"filters\" hidden><label>Filter rows <input type=\"search\" id=\"filter-text\"></label> <label><input "
                      "type=\"checkbox\" id=\"show-gains\" checked> gains</label> <label><input type=\"checkbox\" id=\"show-losses\" checked> "
                      "losses</label></div>\n"),
            std::string::npos);
  EXPECT_TRUE(html.ends_with("})();\n</script>\n</body>\n</html>\n"));
  EXPECT_EQ(html, report(enterprise()));  // deterministic
}

TEST(ReportHtmlWriter, SummaryHasEveryCountWithItsPlanJsonKey) {
  const std::string html = report(enterprise());
  EXPECT_NE(html.find("<section id=\"summary\">\n<h2>Summary</h2>\n<table class=\"summary\">\n<tbody>\n"
                      "<tr data-key=\"users\"><th scope=\"row\">users</th><td class=\"n\">13</td></tr>\n"
                      "<tr data-key=\"assignments\"><th scope=\"row\">assignments</th><td class=\"n\">29</td></tr>\n"
                      "<tr data-key=\"duplicate_rows\"><th scope=\"row\">duplicate rows merged</th><td class=\"n\">2</td></tr>\n"),
            std::string::npos);
  EXPECT_NE(html.find("<tr data-key=\"estimated_minutes\"><th scope=\"row\">estimated minutes at 70 requests an hour</th><td "
                      "class=\"n\">23</td></tr>\n</tbody>\n</table>\n</section>\n"),
            std::string::npos);
  EXPECT_NE(
      html.find("/fixtures/enterprise/users.csv</td><td><code>d288ddb96013b103101f45ba909c8ba125d8b47ecd21ac780b33cbb4498288ed</code></td></tr>"),
      std::string::npos)
      << "inputs with sha256";
}

TEST(ReportHtmlWriter, GroupsShowGrantsRulesAndMembers) {
  const std::string html = report(enterprise());
  EXPECT_NE(html.find("<tr><td>Account Administrators<br><code>account-administrators</code><br><span class=\"note\">The account&#39;s default "
                      "group: every account-level permission</span></td><td>exists</td><td class=\"grants\">Account Administrators on "
                      "account</td><td>store-owner</td>"
                      "<td>members (2): anna.kowalski@northpeak.example, ravi.patel@northpeak.example</td></tr>\n"),
            std::string::npos);
  EXPECT_NE(html.find("<td>create</td><td class=\"grants\">Marketing Manage on store:4103<br>Customers Read on store:4103<br>Content SEO Manage on "
                      "store:4103<br>Analytics Read on store:4103</td><td>marketing</td>"),
            std::string::npos);
}

TEST(ReportHtmlWriter, DifferencesAreOneRowPerCauseMarkedGainOrLoss) {
  const std::string html = report(enterprise());
  EXPECT_NE(html.find("<section id=\"differences\">\n<h2>Differences by cause</h2>\n<p>One row per cause, most users first; every user&#39;s "
                      "differences are in plan.json, access_before.csv and access_after.csv.</p>\n"),
            std::string::npos);
  EXPECT_NE(html.find("<tbody>\n<tr class=\"loss\" data-change=\"loss\"><td>loss</td><td>Capture_Funds, Refund_Orders</td><td>from "
                      "checkbox</td><td class=\"n\">1</td><td>store:4101</td><td>dana.lopez@northpeak.example</td></tr>\n</tbody>\n"),
            std::string::npos);
  EXPECT_EQ(html.find("<h3>Waived</h3>"), std::string::npos);
}

TEST(ReportHtmlWriter, UsersByGroupsAndTheAdminCheck) {
  const std::string html = report(enterprise());
  EXPECT_NE(html.find("<section id=\"users\">\n<h2>Users by groups</h2>\n<p>One row per set of groups users are in after the plan, most users "
                      "first.</p>\n"),
            std::string::npos);
  EXPECT_NE(html.find("<h3>Users</h3>\n<table class=\"filterable\">\n<thead><tr><th>user</th><th>verdict</th><th>groups</th></tr></thead>\n"),
            std::string::npos);
  EXPECT_NE(html.find("<tr><td>dana.lopez@northpeak.example</td><td>losses</td><td>"), std::string::npos);
  EXPECT_NE(html.find("<section id=\"admins\">\n<h2>Account Administrators check: <span class=\"pass\">pass</span></h2>\n<table>\n<tbody>\n"
                      "<tr><th scope=\"row\">required</th><td>anna.kowalski@northpeak.example ("),
            std::string::npos);
  EXPECT_NE(html.find("<tr><th scope=\"row\">missing (would lose account-level access)</th><td>none</td></tr>\n"
                      "<tr><th scope=\"row\">unexpected (would gain account-level access)</th><td>none</td></tr>\n"
                      "<tr><th scope=\"row\">removed</th><td>none</td></tr>\n"
                      "<tr><th scope=\"row\">over-granted (fewer legacy account permissions than the group grants)</th><td>none</td></tr>\n"
                      "<tr><th scope=\"row\">impostors (other groups that pass for it)</th><td>none</td></tr>\n"
                      "<tr><th scope=\"row\">unverified groups (live groups whose grants the audit does not show)</th><td>none</td></tr>\n"
                      "<tr><th scope=\"row\">active members after the plan</th><td class=\"n\">2</td></tr>\n</tbody>\n</table>\n</section>\n"),
            std::string::npos);
}

TEST(ReportHtmlWriter, HostileValuesAreEscaped) {
  const std::string html = report(hostile());
  EXPECT_EQ(html.find("<b>"), std::string::npos);
  EXPECT_EQ(html.find('\x1b'), std::string::npos);
  EXPECT_EQ(html.find("\xc2\x9b"), std::string::npos);
  EXPECT_NE(html.find("&lt;b&gt;Main&lt;/b&gt; | Store *1* `x` =SUM(A1)"), std::string::npos);
  EXPECT_NE(html.find("<tr class=\"loss\" data-change=\"loss\"><td>loss</td><td>Capture_Funds</td><td>from checkbox</td><td class=\"n\">3</td>"
                      "<td>store:\\x1b]0;pwned\\x07\\u009b[31m, store:1</td><td>&#39;=sum@hostile.example, =hyperlink@hostile.example, "
                      "esc@hostile.example</td></tr>\n"),
            std::string::npos);
  EXPECT_NE(html.find("<tr><td>o&#39;neil@hostile.example</td>"), std::string::npos);
  // Only the page's own tags: every '<' opens one of them.
  for (size_t at = html.find('<'); at != std::string::npos; at = html.find('<', at + 1)) {
    const std::string tag = html.substr(at, html.find_first_of(" >", at) - at);
    EXPECT_TRUE(tag == "<!DOCTYPE" || tag.find_first_not_of("</!abcdefghijklmnopqrstuvwxyz123456") == std::string::npos) << tag;
  }
  EXPECT_EQ(occurrences(html, "<script"), 1u);
}

TEST(ReportHtmlWriter, ListsStopAtTheirCapsAndSaySo) {
  const std::string html = report(enterprise(), ReportCaps{3, 16, 2, 0, 1});
  EXPECT_NE(html.find("<p class=\"note\">Only the first 3 of 13 users are listed: see plan.json and the access CSVs for the rest.</p>\n"),
            std::string::npos);
  EXPECT_NE(html.find("<p class=\"note\">Only the first 0 of 1 causes are listed: see plan.json and the access CSVs for the rest.</p>\n"),
            std::string::npos);
  // Past the groups cap, a row per kind of group: the store owners' groups of
  // three stores are one row, under their name template.
  EXPECT_NE(html.find("<p>A row per kind of group above 16 groups (this plan has 17): the groups of one definition"), std::string::npos);
  EXPECT_NE(html.find("<tr><td>{store.name} Store Owners</td><td class=\"n\">3</td><td class=\"n\">3</td><td class=\"grants\">"), std::string::npos)
      << html;
  EXPECT_EQ(html.find("<code>store-owners@4101</code>"), std::string::npos) << "no group by its key";
  EXPECT_NE(html.find("<p class=\"note\">Only the first 2 of 9 sets of groups are listed: see plan.json and the access CSVs for the rest.</p>\n"),
            std::string::npos);
  EXPECT_EQ(html.find("<tr><td>dana.lopez@northpeak.example</td>"), std::string::npos) << "the fourth user";
  const std::string lists = report(enterprise(), ReportCaps{3, 17, 2, 0, 1});
  EXPECT_NE(lists.find("<td>members (2): anna.kowalski@northpeak.example and 1 more</td>"), std::string::npos);
  EXPECT_NE(lists.find("<td>members (3): dana.lopez@northpeak.example and 2 more</td>"), std::string::npos);
  const std::string full = report(enterprise());
  EXPECT_EQ(full.find("class=\"note\">Only the first"), std::string::npos);
  EXPECT_EQ(occurrences(full.substr(full.find("<h3>Users</h3>")), "<tr><td>"), 13u);
}

TEST(ReportHtmlWriter, WaiversAreSummarisedOneLineEach) {
  const std::string html = report(fixture_plan("waiver-store-glob-account", {Input::rules}));
  EXPECT_NE(html.find("rules.yaml:248 waived 2 differences of 1 user (Admins may now buy themes on their stores): pete.vance@northwind.example</li>\n"
                      "</ul>\n"),
            std::string::npos);
  EXPECT_NE(html.find("<h3>Waived</h3>\n<ul>\n<li>"), std::string::npos);
}

TEST(ReportHtmlWriter, AgainstTheLiveAccountGroupsShowWhatChangesAndWhoIsUnverified) {
  const Plan p = fixture_plan("current-unknown-grants", {Input::current});
  const std::string html = report(p);
  EXPECT_NE(html.find("<td>members (1): former.temp@northwind-goods.example<br>to add (0): none<br>live members the rules do not put here (1): "
                      "former.temp@northwind-goods.example<br>to remove (0): none</td></tr>\n"),
            std::string::npos);
  EXPECT_NE(
      html.find("<h3>Manual steps</h3>\n<ul>\n<li>Northwind Goods Order Fulfillment: the audit does not show this group&#39;s grants: its "
                "members cannot be verified; check that they are Analytics Orders on store:1001, Customers Read on store:1001, Orders Fulfill on "
                "store:1001</li>\n"),
      std::string::npos);
  EXPECT_NE(html.find("<h2>Differences by cause</h2>\n<p>None known (unverified users aside).</p>\n<h3>Unverified users</h3>\n<ul>\n"
                      "<li>former.temp@northwind-goods.example: unverified: member of &#39;Legacy Helpers&#39;, whose grants the audit does not "
                      "show</li>\n"),
            std::string::npos);
  const std::string capped = report(p, ReportCaps{2000, 1000, 1000, 1000, 1});
  EXPECT_NE(capped.find("</li>\n</ul>\n<p class=\"note\">Only the first 1 of 3 unverified users are listed: see plan.json for the rest.</p>\n"),
            std::string::npos);
}

TEST(ReportHtmlWriter, AFailingAdminCheckListsWhoAndWhy) {
  const std::string html = report(fixture_plan("current-admins-stale-and-over-granted", {Input::current}));
  EXPECT_NE(html.find("<h2>Account Administrators check: <span class=\"fail\">fail</span></h2>\n"), std::string::npos);
  EXPECT_NE(html.find("<tr><th scope=\"row\">unexpected (would gain account-level access)</th><td>cole.support@northwind-goods.example, "
                      "mia.merch@northwind-goods.example</td></tr>\n"),
            std::string::npos);
  EXPECT_NE(html.find("<tr><th scope=\"row\">over-granted (fewer legacy account permissions than the group grants)</th><td>"
                      "cole.support@northwind-goods.example (legacy account permissions: Manage_Users; the group would add Add_User, Edit_Users, "
                      "Delete_Users, Grant_High_Risk_Store_Permissions), mia.merch@northwind-goods.example (legacy account permissions: none; the "
                      "group would add Manage_Users, Add_User, Edit_Users, Delete_Users, Grant_High_Risk_Store_Permissions)</td></tr>\n"),
            std::string::npos);
}

}  // namespace rolemig

#include "render/report_html_writer.h"

#include <algorithm>
#include <fmt/format.h>
#include <map>

#include "render/plan_view.h"
#include "util/flat_index.h"
#include "util/text.h"

namespace rolemig {

std::string html_escape(std::string_view s) {
  std::string text = printable(s);
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

namespace {

// The page's own style and script: no fonts, images or requests (the
// Content-Security-Policy forbids any). The script only hides rows and shows
// the filter bar, which stays hidden without scripts; it logs nothing. The
// filter keeps the rows of every filterable table whose text holds the
// filter text (ignoring case) and, in the causes table, whose change is
// ticked.
constexpr std::string_view kHead = R"(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Migration plan</title>
<style>
body { font-family: system-ui, sans-serif; margin: 0 1.5rem 2rem; color: #1b1f24; background: #fff; line-height: 1.4; }
h1 { font-size: 1.6rem; margin: 1rem 0 0.5rem; }
h2 { font-size: 1.3rem; margin-top: 2rem; border-bottom: 1px solid #d0d7de; }
h3 { font-size: 1.1rem; }
nav a { margin-right: 1rem; }
table { border-collapse: collapse; margin: 0.5rem 0; }
th, td { border: 1px solid #d0d7de; padding: 0.2rem 0.5rem; text-align: left; vertical-align: top; }
thead th { background: #f6f8fa; }
td.grants { white-space: nowrap; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
code { font-family: monospace; font-size: 0.9em; overflow-wrap: anywhere; }
ul.compact { margin: 0; padding-left: 1.2rem; }
.pass { color: #116329; }
.fail { color: #b3261e; font-weight: bold; }
tr.gain td:first-child { color: #0b5394; }
tr.loss td:first-child { color: #b3261e; }
.note { color: #57606a; }
#filters { position: sticky; top: 0; background: #fff; padding: 0.5rem 0; border-bottom: 1px solid #d0d7de; }
#filters input[type=search] { width: 20rem; }
</style>
</head>
)";

constexpr std::string_view kScript = R"(<script>
(function () {
  var text = document.getElementById("filter-text");
  var gains = document.getElementById("show-gains");
  var losses = document.getElementById("show-losses");
  function apply() {
    var q = text.value.toLowerCase();
    var tables = document.querySelectorAll("table.filterable");
    for (var i = 0; i < tables.length; i++) {
      var rows = tables[i].tBodies[0].rows;
      for (var j = 0; j < rows.length; j++) {
        var change = rows[j].getAttribute("data-change");
        var shown = (change !== "gain" || gains.checked) && (change !== "loss" || losses.checked) &&
                    (q === "" || rows[j].textContent.toLowerCase().indexOf(q) >= 0);
        rows[j].hidden = !shown;
      }
    }
  }
  // report.html#filter=TEXT opens with the filter filled in (a link to share).
  if (location.hash.indexOf("#filter=") === 0) {
    var wanted = location.hash.substring(8);
    try {
      wanted = decodeURIComponent(wanted);
    } catch (malformed) {
      // A stray '%' in a hand-made link: the text as it is.
    }
    text.value = wanted;
    apply();
  }
  text.addEventListener("input", apply);
  gains.addEventListener("change", apply);
  losses.addEventListener("change", apply);
  document.getElementById("filters").hidden = false;
  document.body.setAttribute("data-ready", "1");
})();
</script>
)";

// The first `cap` escaped texts, comma-separated, then "and N more"; "none"
// when empty.
std::string html_list(const std::vector<std::string>& texts, size_t cap) {
  if (texts.empty()) return "none";
  std::string out;
  for (size_t i = 0; i < texts.size() && i < cap; ++i) out += (i ? ", " : "") + html_escape(texts[i]);
  if (texts.size() > cap) out += fmt::format(" and {} more", texts.size() - cap);
  return out;
}

// Past the cap, a note: "Only the first CAP of TOTAL WHAT are listed: WHERE.";
// nothing when all are listed.
void write_cap_note(size_t total, size_t cap, std::string_view what, std::string_view where, std::ostream& out) {
  if (total <= cap) return;
  out << fmt::format("<p class=\"note\">Only the first {} of {} {} are listed: {}.</p>\n", cap, total, what, where);
}

constexpr std::string_view kSeePlanJson = "see plan.json and the access CSVs for the rest";

void write_summary(const Plan& p, std::ostream& out) {
  out << "<section id=\"summary\">\n<h2>Summary</h2>\n<table class=\"summary\">\n<tbody>\n";
  for (const SummaryField& f : summary_fields()) {
    out << fmt::format("<tr data-key=\"{}\"><th scope=\"row\">{}</th><td class=\"n\">{}</td></tr>\n", f.key, html_escape(f.label),
                       p.summary.*f.count);
  }
  out << "</tbody>\n</table>\n</section>\n";
}

void write_inputs(const Plan& p, std::ostream& out) {
  out << "<section id=\"inputs\">\n<h2>Inputs</h2>\n<table>\n<thead><tr><th>kind</th><th>path</th><th>sha256</th></tr></thead>\n<tbody>\n";
  for (const auto& in : p.inputs) {
    out << fmt::format("<tr><td>{}</td><td>{}</td><td><code>{}</code></td></tr>\n", html_escape(in.kind), html_escape(in.path),
                       html_escape(in.sha256));
  }
  out << "</tbody>\n</table>\n</section>\n";
}

void write_manual_steps(const Plan& p, std::ostream& out) {
  if (p.mapping.manual_steps.empty()) return;
  out << "<h3>Manual steps</h3>\n<ul>\n";
  for (const auto& st : p.mapping.manual_steps) out << fmt::format("<li>{}: {}</li>\n", html_escape(st.group), html_escape(st.reason));
  out << "</ul>\n";
}

// Past caps.group_rows groups, a row per kind of group (plan_view's
// group_shapes, as plan.md has it), so that every group is accounted for.
void write_group_shapes(const Plan& p, const ReportCaps& caps, std::ostream& out) {
  out << fmt::format(
      "<section id=\"groups\">\n<h2>Groups</h2>\n<p>A row per kind of group above {} groups (this plan has {}): the groups of one definition (its "
      "name template), derived groups granting the same policies by the same rules, or a group alone; plan.json lists every group and its "
      "members.</p>\n<table class=\"filterable\">\n<thead><tr><th>group</th><th>groups</th><th>to create</th><th>grants</th><th>rules</th>"
      "<th>members</th></tr></thead>\n<tbody>\n",
      caps.group_rows, p.mapping.groups.size());
  const std::vector<GroupShape> shapes = group_shapes(p);
  for (size_t i = 0; i < shapes.size() && i < caps.group_rows; ++i) {
    const GroupShape& sh = shapes[i];
    out << fmt::format(
        "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"grants\">{}</td><td>{}</td><td class=\"n\">{}</td></tr>\n",
        html_escape(sh.name), sh.groups.size(), sh.to_create, sh.grants.empty() ? "none" : html_list(sh.grants, sh.grants.size()),
        html_list(sh.rules, sh.rules.size()), sh.members);
  }
  out << "</tbody>\n</table>\n";
  write_cap_note(shapes.size(), caps.group_rows, "kinds of group", kSeePlanJson, out);
}

void write_groups(const Plan& p, const ReportCaps& caps, std::ostream& out) {
  if (p.mapping.groups.size() > caps.group_rows) {
    write_group_shapes(p, caps, out);
    write_manual_steps(p, out);
    out << "</section>\n";
    return;
  }
  out << "<section id=\"groups\">\n<h2>Groups</h2>\n<table class=\"filterable\">\n"
         "<thead><tr><th>group</th><th>action</th><th>grants</th><th>rules</th><th>members</th></tr></thead>\n<tbody>\n";
  const auto& groups = p.mapping.groups;
  for (size_t gi = 0; gi < groups.size() && gi < caps.group_rows; ++gi) {
    const Group& g = groups[gi];
    out << fmt::format("<tr><td>{}<br><code>{}</code>", html_escape(g.name), html_escape(g.key));
    if (!g.description.empty()) out << fmt::format("<br><span class=\"note\">{}</span>", html_escape(g.description));
    out << fmt::format("</td><td>{}</td><td class=\"grants\">", group_action_name(g.action));
    if (g.grants.empty()) out << "none";
    for (size_t i = 0; i < g.grants.size(); ++i) out << (i ? "<br>" : "") << html_escape(grant_text(p, g.grants[i]));
    out << fmt::format("</td><td>{}</td><td>", html_list(g.rules, g.rules.size()));
    bool first = true;
    for (const MemberList& l : member_lists(p, g)) {
      out << fmt::format("{}{} ({}): {}", first ? "" : "<br>", html_escape(l.label), l.users->size(),
                         html_list(emails(p, *l.users), caps.list_items));
      first = false;
    }
    out << "</td></tr>\n";
  }
  out << "</tbody>\n</table>\n";
  write_manual_steps(p, out);
  out << "</section>\n";
}

// The names of the user's groups, in plan order.
std::vector<std::string> group_names(const Plan& p, UserIdx u) {
  std::vector<std::string> names;
  auto [b, e] = p.mapping.memberships_of(u);
  for (size_t i = b; i < e; ++i) names.push_back(p.mapping.groups[p.mapping.memberships[i].group].name);
  return names;
}

// Users sharing exactly the same groups.
struct GroupSet {
  std::vector<uint32_t> groups;  // in plan order
  std::vector<UserIdx> users;    // in verification order
};

// Every distinct set of groups users are in, most users first (ties in the
// order their first user comes).
std::vector<GroupSet> group_sets(const Plan& p) {
  std::vector<GroupSet> out;
  FlatIndex index;  // out by groups: no allocation per user
  for (const auto& v : p.verification.users) {
    const auto range = p.mapping.memberships_of(v.user);
    const size_t b = range.first, e = range.second;  // plain variables: the lambdas capture them
    auto same = [&](const std::vector<uint32_t>& groups) {
      if (groups.size() != e - b) return false;
      for (size_t i = b; i < e; ++i)
        if (groups[i - b] != p.mapping.memberships[i].group) return false;
      return true;
    };
    uint64_t hash = e - b;
    for (size_t i = b; i < e; ++i) hash = mix64(hash ^ p.mapping.memberships[i].group);
    auto [set, added] = index.find_or_add(
        hash, [&](uint32_t k) { return same(out[k].groups); }, static_cast<uint32_t>(out.size()));
    if (added) {
      out.push_back(GroupSet{{}, {}});
      for (size_t i = b; i < e; ++i) out.back().groups.push_back(p.mapping.memberships[i].group);
    }
    out[set].users.push_back(v.user);
  }
  std::stable_sort(out.begin(), out.end(), [](const GroupSet& a, const GroupSet& b) { return a.users.size() > b.users.size(); });
  return out;
}

void write_users(const Plan& p, const ReportCaps& caps, std::ostream& out) {
  out << "<section id=\"users\">\n<h2>Users by groups</h2>\n"
         "<p>One row per set of groups users are in after the plan, most users first.</p>\n"
         "<table class=\"filterable\">\n<thead><tr><th>users</th><th>groups</th><th>examples</th></tr></thead>\n<tbody>\n";
  const std::vector<GroupSet> sets = group_sets(p);
  for (size_t i = 0; i < sets.size() && i < caps.group_set_rows; ++i) {
    std::vector<std::string> names;
    for (uint32_t g : sets[i].groups) names.push_back(p.mapping.groups[g].name);
    out << fmt::format("<tr><td class=\"n\">{}</td><td>{}</td><td>{}</td></tr>\n", sets[i].users.size(),
                       names.empty() ? "no group" : html_list(names, names.size()), html_escape(first_three(emails(p, sets[i].users))));
  }
  out << "</tbody>\n</table>\n";
  write_cap_note(sets.size(), caps.group_set_rows, "sets of groups", kSeePlanJson, out);
  out << "<h3>Users</h3>\n<table class=\"filterable\">\n<thead><tr><th>user</th><th>verdict</th><th>groups</th></tr></thead>\n<tbody>\n";
  const auto& users = p.verification.users;
  for (size_t i = 0; i < users.size() && i < caps.user_rows; ++i) {
    const std::vector<std::string> names = group_names(p, users[i].user);
    out << fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td></tr>\n", html_escape(p.account.users[users[i].user].email),
                       user_status_name(users[i].status), names.empty() ? "no group" : html_list(names, names.size()));
  }
  out << "</tbody>\n</table>\n";
  write_cap_note(users.size(), caps.user_rows, "users", kSeePlanJson, out);
  out << "</section>\n";
}

void write_differences(const Plan& p, const ReportCaps& caps, std::ostream& out) {
  out << "<section id=\"differences\">\n<h2>Differences by cause</h2>\n";
  const std::vector<Cause> all = causes(p);
  if (all.empty()) {
    out << fmt::format("<p>{}</p>\n", html_escape(no_differences_text(p)));
  } else {
    out << fmt::format("<p>One row per cause, most users first; {}.</p>\n", html_escape(kEveryUsersDifferences));
    out << "<table id=\"causes\" class=\"filterable\">\n<thead><tr><th>change</th><th>permissions</th><th>why</th><th>users</th><th>targets</th>"
           "<th>examples</th></tr></thead>\n<tbody>\n";
    for (size_t i = 0; i < all.size() && i < caps.cause_rows; ++i) {
      const Cause& c = all[i];
      const bool gain = c.change == Direction::gained;
      std::vector<std::string> perms;
      for (PermId id : c.permissions) perms.push_back(p.catalog.permissions[id].id);
      out << fmt::format(
          "<tr class=\"{0}\" data-change=\"{0}\"><td>{0}</td><td>{1}</td><td>{2}</td><td class=\"n\">{3}</td><td>{4}</td><td>{5}</td></tr>\n",
          gain ? "gain" : "loss", html_escape(join(perms, ", ")), html_escape(gain ? c.why : "from " + c.why), c.users.size(),
          html_escape(targets_text(p, c.targets)), html_escape(first_three(emails(p, c.users))));
    }
    out << "</tbody>\n</table>\n";
    write_cap_note(all.size(), caps.cause_rows, "causes", kSeePlanJson, out);
  }
  if (auto lines = unverified_lines(p); !lines.empty()) {
    out << "<h3>Unverified users</h3>\n<ul>\n";
    for (size_t i = 0; i < lines.size() && i < caps.list_items; ++i) out << fmt::format("<li>{}</li>\n", html_escape(lines[i]));
    out << "</ul>\n";
    write_cap_note(lines.size(), caps.list_items, "unverified users", "see plan.json for the rest", out);
  }
  if (auto lines = waiver_lines(p); !lines.empty()) {
    out << "<h3>Waived</h3>\n<ul>\n";
    for (const auto& l : lines) out << fmt::format("<li>{}</li>\n", html_escape(l));
    out << "</ul>\n";
  }
  if (auto lines = unmatched_waiver_lines(p); !lines.empty()) {
    out << "<h3>Unmatched waivers</h3>\n<ul>\n";
    for (const auto& l : lines) out << fmt::format("<li>{}</li>\n", html_escape(l));
    out << "</ul>\n";
  }
  out << "</section>\n";
}

void write_admins(const Plan& p, const ReportCaps& caps, std::ostream& out) {
  const AdminCheck& a = p.admins;
  out << fmt::format("<section id=\"admins\">\n<h2>{} check: <span class=\"{}\">{}</span></h2>\n<table>\n<tbody>\n", html_escape(a.group),
                     a.pass ? "pass" : "fail", a.pass ? "pass" : "fail");
  for (const AdminList& l : admin_lists(p)) {
    std::vector<std::string> entries = l.entries;
    if (l.has_reasons)
      for (size_t i = 0; i < entries.size(); ++i) entries[i] += " (" + l.reasons[i] + ")";
    out << fmt::format("<tr><th scope=\"row\">{}</th><td>{}</td></tr>\n", html_escape(l.label), html_list(entries, caps.list_items));
  }
  out << fmt::format("<tr><th scope=\"row\">{}</th><td class=\"n\">{}</td></tr>\n</tbody>\n</table>\n</section>\n", html_escape(kActiveMembersLabel),
                     a.active_members);
}

}  // namespace

void write_report_html(const Plan& p, std::ostream& out) { write_report_html(p, out, kReportCaps); }

void write_report_html(const Plan& p, std::ostream& out, const ReportCaps& caps) {
  out << kHead;
  out << fmt::format("<body>\n<h1>Migration plan</h1>\n<p id=\"summary-line\">{}</p>\n", html_escape(summary_line(p)));
  out << fmt::format(
      "<nav><a href=\"#summary\">Summary</a><a href=\"#inputs\">Inputs</a><a href=\"#groups\">Groups</a><a href=\"#users\">Users by groups</a>"
      "<a href=\"#differences\">Differences by cause</a><a href=\"#admins\">{} check</a></nav>\n",
      html_escape(p.admins.group));
  out << "<div id=\"filters\" hidden><label>Filter rows <input type=\"search\" id=\"filter-text\"></label> "
         "<label><input type=\"checkbox\" id=\"show-gains\" checked> gains</label> "
         "<label><input type=\"checkbox\" id=\"show-losses\" checked> losses</label></div>\n";
  write_summary(p, out);
  write_inputs(p, out);
  write_groups(p, caps, out);
  write_users(p, caps, out);
  write_differences(p, caps, out);
  write_admins(p, caps, out);
  out << kScript << "</body>\n</html>\n";
}

}  // namespace rolemig

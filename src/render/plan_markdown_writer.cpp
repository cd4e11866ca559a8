#include "render/plan_markdown_writer.h"

#include <algorithm>
#include <fmt/format.h>

#include <set>

#include "render/plan_view.h"
#include "util/text.h"

namespace rolemig {

std::string md_escape(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    unsigned char u = static_cast<unsigned char>(c);
    // Control characters (ESC, BEL, the C1 controls) mean nothing in
    // Markdown but would drive a terminal that shows the file (`cat plan.md`):
    // escaped as on the terminal.
    if ((u < 0x20 && c != '\n' && c != '\r') || u == 0x7f || (u == 0xc2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) < 0xa0)) {
      size_t n = u == 0xc2 ? 2 : 1;
      out += printable(s.substr(i, n));
      i += n - 1;
      continue;
    }
    switch (c) {
      case '\n':
      case '\r': out += ' '; break;
      case '|': out += "\\|"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '#':
      case '!':
        out += '\\';
        out += c;
        break;
      default: out += c;
    }
  }
  return out;
}

std::string md_code(std::string_view s) {
  // A code span shows its text literally and ends at the first backtick run
  // as long as its fence: fence with one backtick more than the longest run
  // inside, padded with spaces when the text starts or ends with one
  // (CommonMark 6.1). Control characters (a line break would end the list
  // item, ESC would reach a terminal that shows the file) are escaped as on
  // the terminal.
  std::string text = printable(s);
  size_t longest = 0, run = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  std::string fence(longest + 1, '`');
  bool pad = !text.empty() && (text.front() == '`' || text.back() == '`');
  return fence + (pad ? " " : "") + text + (pad ? " " : "") + fence;
}

namespace {

// "none", or the escaped texts joined by `sep`.
std::string md_list(const std::vector<std::string>& texts, std::string_view sep = ", ") {
  if (texts.empty()) return "none";
  std::vector<std::string> escaped;
  escaped.reserve(texts.size());
  for (const auto& t : texts) escaped.push_back(md_escape(t));
  return join(escaped, sep);
}

void write_summary(const Plan& p, std::ostream& out) {
  const Summary& s = p.summary;
  out << "## Summary\n\n| | |\n|---|---:|\n";
  for (const SummaryField& f : summary_fields()) out << fmt::format("| {} | {} |\n", f.label, s.*f.count);
}

void write_inputs(const Plan& p, std::ostream& out) {
  out << "\n## Inputs\n\n| kind | path | sha256 |\n|---|---|---|\n";
  for (const auto& in : p.inputs) out << fmt::format("| {} | {} | `{}` |\n", in.kind, md_escape(in.path), in.sha256);
}

void write_group(const Plan& p, const Group& g, std::ostream& out) {
  out << fmt::format("\n### {} ({})\n\n", md_escape(g.name), g.action == GroupAction::create ? "create" : "exists");
  out << fmt::format("- key: {}\n", md_code(g.key));
  if (!g.description.empty()) out << fmt::format("- description: {}\n", md_escape(g.description));
  std::vector<std::string> grants;
  for (const Grant& gr : g.grants) {
    grants.push_back(fmt::format("{} on {}", md_escape(policy_name(p.catalog, gr)), md_escape(p.account.target_name(gr.target))));
  }
  out << fmt::format("- grants: {}\n", grants.empty() ? "none" : join(grants, "; "));
  out << fmt::format("- rules: {}\n", md_list(g.rules));
  out << fmt::format("- members ({}): {}\n", g.members.size(), md_list(emails(p, g.members)));
  if (p.mapping.has_current) {
    out << fmt::format("- to add: {}\n- live members the rules do not put here: {}\n- to remove: {}\n", md_list(emails(p, g.to_add)),
                       md_list(emails(p, g.unplanned)), md_list(emails(p, g.to_remove)));
  }
}

void write_groups(const Plan& p, std::ostream& out) {
  out << "\n## Groups\n";
  for (const Group& g : p.mapping.groups) write_group(p, g, out);
  if (p.mapping.manual_steps.empty()) return;
  out << "\n## Manual steps\n\n";
  for (const auto& st : p.mapping.manual_steps) out << fmt::format("- {}: {}\n", md_escape(st.group), md_escape(st.reason));
}

// A user's verdict at one target: their unwaived differences there (an
// unverified user is unverified everywhere).
std::string_view verdict_at(const UserVerdict& v, Target t) {
  auto any_at = [&](const std::vector<Difference>& ds) {
    return std::any_of(ds.begin(), ds.end(), [&](const Difference& d) { return d.target == t && !d.waiver; });
  };
  return user_status_name(verdict_of(!v.unknown_grants.empty(), any_at(v.gained), any_at(v.lost)));
}

// The names of the user's groups that grant at `t` (Account Administrators
// at the account), in plan order.
std::string groups_at(const Plan& p, UserIdx u, Target t) {
  std::vector<std::string> names;
  auto [b, e] = p.mapping.memberships_of(u);
  for (size_t i = b; i < e; ++i) {
    const Group& g = p.mapping.groups[p.mapping.memberships[i].group];
    bool here = (g.is_admins && t.is_account()) ||
                std::any_of(g.grants.begin(), g.grants.end(), [&](const Grant& gr) { return gr.target == t && !(g.is_admins && !t.is_account()); });
    if (here) names.push_back(md_escape(g.name));
  }
  return join(names, ", ");
}

// Every target where the user holds an assignment, has a group granting, or
// a difference: stores in store order, then the account.
std::vector<Target> targets_of(const Plan& p, const UserVerdict& v) {
  std::set<Target> out;
  auto [b, e] = p.account.assignments_of(v.user);
  for (size_t i = b; i < e; ++i) out.insert(Target::store(p.account.assignments[i].store));
  auto [mb, me] = p.mapping.memberships_of(v.user);
  for (size_t i = mb; i < me; ++i) {
    const Group& g = p.mapping.groups[p.mapping.memberships[i].group];
    if (g.is_admins) out.insert(Target::account());
    for (const Grant& gr : g.grants)
      if (!g.is_admins) out.insert(gr.target);
  }
  for (const auto* ds : {&v.gained, &v.lost})
    for (const Difference& d : *ds) out.insert(d.target);
  std::vector<Target> sorted;
  for (Target t : out)
    if (!t.is_account()) sorted.push_back(t);
  if (out.count(Target::account()) || sorted.empty()) sorted.push_back(Target::account());
  return sorted;
}

// One row per target of the user's (targets_of): the assignment there if
// any, the groups granting there, and that target's verdict.
void write_users(const Plan& p, std::ostream& out) {
  const Account& acc = p.account;
  out << "\n## Users\n\nEach row is one store of the user's (or the account), with the groups that grant there and the verdict there.\n\n"
         "| user | target | role | extra checkboxes | status | groups there | verdict there |\n|---|---|---|---|---|---|---|\n";
  for (const auto& v : p.verification.users) {
    const std::string email = md_escape(acc.users[v.user].email);
    auto [b, e] = acc.assignments_of(v.user);
    for (Target t : targets_of(p, v)) {
      std::string role, extras, status;
      for (size_t i = b; i < e; ++i) {
        const Assignment& a = acc.assignments[i];
        if (t.is_account() || a.store != t.store_idx()) continue;
        role = a.role ? md_escape(p.catalog.roles[*a.role].name) + (a.role_inferred ? " (inferred)" : "") : "";
        extras = md_escape(join(p.catalog.names(a.extras), ", "));
        status = std::string(status_name(a.status));
      }
      out << fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", email, md_escape(acc.target_name(t)), role, extras, status,
                         groups_at(p, v.user, t), verdict_at(v, t));
    }
  }
  if (auto lines = unverified_lines(p); !lines.empty()) {
    out << "\n## Unverified users\n\n";
    for (const auto& l : lines) out << "- " << md_escape(l) << "\n";
  }
}

// One user's table rows: unwaived ones into `table`, waived ones (with the
// user and the waiver) into `waived`.
void difference_rows(const Plan& p, const UserVerdict& v, std::string& table, std::string& waived) {
  const Account& acc = p.account;
  auto add_rows = [&](const std::vector<Difference>& ds, Direction change) {
    for (const auto& d : ds) {
      std::string line = fmt::format("| {} | {} | {} | {} |", change == Direction::gained ? "gained" : "lost", md_escape(acc.target_name(d.target)),
                                     md_escape(p.catalog.permissions[d.perm].id), md_escape(provenance(p, d, change)));
      if (!d.waiver) {
        table += line + "\n";
        continue;
      }
      const Waiver& w = p.rules.waivers[*d.waiver];
      waived +=
          fmt::format("| {} {} waived by {}: {} |\n", md_escape(acc.users[v.user].email), line, md_escape(w.where.file_line()), md_escape(w.reason));
    }
  };
  add_rows(v.gained, Direction::gained);
  add_rows(v.lost, Direction::lost);
}

// Per-user tables of unwaived differences are written up to this many rows in
// all; past it plan.md lists only the causes (plan.json has every user's).
constexpr size_t kUserTableRows = 100;

void write_differences(const Plan& p, std::ostream& out) {
  out << "\n## Differences\n\n";
  bool any = false;
  if (auto causes = cause_lines(p); !causes.empty()) {
    any = true;
    out << "### By cause\n\nOne line per cause, most users first; every user's differences are in plan.json, access\\_before.csv and "
           "access\\_after.csv.\n\n";
    for (const auto& l : causes) out << "- " << md_escape(l) << "\n";
    out << "\n";
  }
  size_t rows = 0;
  for (const auto& v : p.verification.users)
    for (const auto* ds : {&v.gained, &v.lost})
      rows += static_cast<size_t>(std::count_if(ds->begin(), ds->end(), [](const Difference& d) { return !d.waiver; }));
  if (rows > kUserTableRows)
    out << fmt::format("Per-user tables are left out above {} differences (this plan has {}): see plan.json and the access CSVs.\n\n", kUserTableRows,
                       rows);
  std::string waived;  // every user's, listed after the unwaived ones
  for (const auto& v : p.verification.users) {
    if (v.gained.empty() && v.lost.empty()) continue;
    std::string table;
    difference_rows(p, v, table, waived);
    if (table.empty() || rows > kUserTableRows) continue;
    out << fmt::format("### {} ({})\n\n| change | target | permission | why |\n|---|---|---|---|\n{}\n", md_escape(p.account.users[v.user].email),
                       user_status_name(v.status), table);
  }
  if (!any)
    out << (p.summary.users_unverified ? "None known (unverified users aside).\n\n" : "None: every user's access is equal before and after.\n\n");
  if (!waived.empty()) {
    out << "### Waived\n\n| user | change | target | permission | why | waiver |\n|---|---|---|---|---|---|\n" << waived << "\n";
  }
  if (p.verification.unmatched_waivers.empty()) return;
  out << "### Unmatched waivers\n\n";
  for (size_t w : p.verification.unmatched_waivers) {
    out << fmt::format("- {}: {}\n", md_escape(p.rules.waivers[w].where.file_line()), md_escape(p.rules.waivers[w].reason));
  }
  out << "\n";
}

// "- title: none", or the title and one bullet per entry with its reason.
template <class Entry, class NameOf>
void write_bullets(const char* title, const std::vector<Entry>& entries, NameOf name_of, std::ostream& out) {
  out << fmt::format("- {}:", title);
  if (entries.empty()) {
    out << " none\n";
    return;
  }
  out << "\n";
  for (const auto& e : entries) out << fmt::format("  - {} ({})\n", md_escape(name_of(e)), md_escape(e.reason));
}

void write_admins(const Plan& p, std::ostream& out) {
  const AdminCheck& a = p.admins;
  out << fmt::format("## {} check: {}\n\n", md_escape(a.group), a.pass ? "pass" : "**fail**");
  auto user_name = [&](const AdminRequirement& r) { return p.account.users[r.user].email; };
  auto group_name = [](const AdminImpostor& i) { return i.group; };
  write_bullets("required", a.required, user_name, out);
  out << fmt::format(
      "- planned: {}\n- missing (would lose account-level access): {}\n- unexpected (would gain account-level access): {}\n"
      "- removed: {}\n",
      md_list(emails(p, a.planned)), md_list(emails(p, a.missing)), md_list(emails(p, a.unexpected)), md_list(emails(p, a.removed)));
  write_bullets("over-granted (fewer legacy account permissions than the group grants)", a.over_granted, user_name, out);
  write_bullets("impostors (other groups that pass for it)", a.impostors, group_name, out);
  write_bullets("unverified groups (live groups whose grants the audit does not show)", a.unverified_groups, group_name, out);
  out << fmt::format("- active members after the plan: {}\n", a.active_members);
}

}  // namespace

void write_plan_markdown(const Plan& p, std::ostream& out) {
  // The summary line comes first (SPEC 4), so `head -1 plan.md` answers.
  out << md_escape(summary_line(p)) << "\n\n# Migration plan\n\n";
  write_summary(p, out);
  write_inputs(p, out);
  write_groups(p, out);
  write_users(p, out);
  write_differences(p, out);
  write_admins(p, out);
}

}  // namespace rolemig
